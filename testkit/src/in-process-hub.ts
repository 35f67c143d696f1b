import { readHubCommand, startHub } from '@hostpulse/hub';

/** A hub running inside the test's own process, started as the hub's main starts it. */
export interface TestHub {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Closes it as SIGTERM would: every socket with goingAway, timers stopped, history flushed. */
  stop(): Promise<void>;
}

/**
 * Starts a hub in this process from hub flags (`--port 0` first, so a flag may override it)
 * through the hub's own `readHubCommand` and `startHub`, for tests where no process boundary
 * is under test. `env` is the whole environment the flags are read with (LOG_LEVEL=error unless given).
 */
export async function startTestHub(args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<TestHub> {
  const command = readHubCommand(['--port', '0', ...args], { LOG_LEVEL: 'error', ...env });
  if (command.action !== 'run') throw new Error(`hub flags ${args.join(' ')} print ${command.action} instead of starting a hub`);
  const hub = await startHub(command.config);
  return { port: hub.port, url: `http://127.0.0.1:${hub.port}`, stop: () => hub.close('test done') };
}
