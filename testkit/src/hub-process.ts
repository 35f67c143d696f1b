import { fileURLToPath } from 'node:url';
import { runChild, spawnChild, type Child } from './child.js';

/** The built hub entry point. */
export const HUB_MAIN = fileURLToPath(new URL('../../hub/dist/main.js', import.meta.url));

/**
 * The line a hub logs once it listens (`listening url=... port=...`); `port=` is the chosen
 * port when started with port 0. Loose enough for older builds the bench measures.
 */
export const LISTENING_LINE = /listening .*port=(\d+)/;

/** A hub process started for a test. */
export interface HubProcess extends Child {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
}

/** Options of a hub process: its port (0 picks one) and environment variables added to this process's. */
export interface HubProcessOptions {
  port?: number;
  env?: NodeJS.ProcessEnv;
  /** A command the hub runs under, given node and the hub's arguments: `['unshare', '--pid', '--fork']`, say. */
  runUnder?: readonly string[];
}

/** Starts `node hub/dist/main.js --port <port> ...args` and waits for its listening line. */
export async function startHubProcess(args: readonly string[] = [], { port = 0, env = {}, runUnder = [] }: HubProcessOptions = {}): Promise<HubProcess> {
  const [file, ...rest] = [...runUnder, process.execPath, HUB_MAIN, '--port', String(port), ...args] as [string, ...string[]];
  const child = spawnChild(file, rest, { ...process.env, LOG_LEVEL: 'info', ...env });
  try {
    const listening = await child.waitForOutput(LISTENING_LINE, 20_000);
    const hubPort = Number(listening[1]);
    return { ...child, port: hubPort, url: `http://127.0.0.1:${hubPort}` };
  } catch (error) {
    await child.stop('SIGKILL');
    throw error;
  }
}

/** Runs `node hub/dist/main.js ...args` to completion (for flags that print and exit, or a hub that refuses to start). */
export function runHub(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runChild(process.execPath, [HUB_MAIN, ...args], env);
}
