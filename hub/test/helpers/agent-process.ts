import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built agent entry point. */
export const AGENT_MAIN = fileURLToPath(new URL('../../../agent/dist/main.js', import.meta.url));

/** A real agent process started for a test. */
export interface AgentProcess {
  proc: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
  /** Sends `signal` (SIGKILL by default: the agent vanishes without a goodbye) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `node agent/dist/main.js --hub ws://127.0.0.1:PORT --interval MS ...`. */
export function startAgentProcess(port: number, args: string[]): AgentProcess {
  const proc = spawn(process.execPath, [AGENT_MAIN, '--hub', `ws://127.0.0.1:${port}`, ...args], {
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    stderr: () => stderr,
    exited,
    stop(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
