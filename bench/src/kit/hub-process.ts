import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '@hostpulse/common';
import { CLIENT_ID_HEADER, type HubStats } from '@hostpulse/protocol';
import { LISTENING_LINE } from '@hostpulse/testkit/hub-process';
import { tracked } from './children.js';

/** The repository root, three levels above bench/dist/kit. */
export const ROOT_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Agent token the bench's hubs accept. */
export const BENCH_TOKEN = 'bench-token';

/** The hub a bench client aims at: its port and, when the hub has one, the viewer token to send. */
export interface HubTarget {
  port: number;
  viewerToken?: string | undefined;
}

/** The Authorization header that carries a viewer token, or none without one. */
export function viewerHeaders(viewerToken: string | undefined): Record<string, string> {
  return viewerToken === undefined ? {} : { authorization: `Bearer ${viewerToken}` };
}

/** What a scenario's hub is started with. */
export interface HubStartOptions {
  /** Runs the hub under --cpu-prof, writing its profile here on exit. */
  profileDir?: string | undefined;
  /** The hub's --history (the soak keeps it short so the hub reaches a steady state). */
  history?: string;
  /** The hub's --viewer-token: every bench client then sends it. */
  viewerToken?: string | undefined;
  /** More hub flags, such as --data-dir. */
  args?: readonly string[];
  /** Another build's hub/dist/main.js (to measure an older hub); the default is this repository's. */
  hubMain?: string;
}

/** A real hub process started for one scenario. */
export interface HubProcess extends HubTarget {
  pid: number;
  /** The hub's last stderr lines, for error messages. */
  tail(): string;
  stats(): Promise<HubStats>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: the hub vanishes without closing anything. */
  kill(): Promise<void>;
}

/** Starts `node hub/dist/main.js --port 0` and waits for its "listening" line. */
export async function startHub({ profileDir, history = '1h', viewerToken, args: extraArgs = [], hubMain = resolve(ROOT_DIR, 'hub/dist/main.js') }: HubStartOptions = {}): Promise<HubProcess> {
  const nodeArgs: string[] = [];
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    nodeArgs.push('--cpu-prof', '--cpu-prof-dir', profileDir);
  }
  if (!existsSync(hubMain)) throw new UserError(`hub is not built (${hubMain} missing): run npm run build`);
  const args = [...nodeArgs, hubMain, '--port', '0', '--agent-token', BENCH_TOKEN, '--history', history, ...extraArgs];
  if (viewerToken !== undefined) args.push('--viewer-token', viewerToken);
  const proc: ChildProcess = tracked(spawn(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    // The hub logs "listening" at info level, so the level is left as it is.
    env: { ...process.env, LOG_LEVEL: 'info' },
  }));
  const lines: string[] = [];
  let exited = false;
  proc.on('exit', () => (exited = true));
  const listening = new Promise<number>((done, fail) => {
    // A hub checks its database before it listens, which takes seconds for a large one.
    const timer = setTimeout(() => fail(new UserError(`hub did not log "listening" within 60 s:\n${lines.join('\n')}`)), 60_000);
    let buffer = '';
    proc.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 50) lines.shift();
        const match = LISTENING_LINE.exec(line);
        if (match) {
          clearTimeout(timer);
          done(Number(match[1]));
        }
      }
    });
    // 'close' rather than 'exit', so the hub's last stderr lines are in `lines` already.
    proc.on('close', (code) => {
      clearTimeout(timer);
      fail(new UserError(`hub exited with code ${code} before listening:\n${lines.join('\n')}`));
    });
  });
  let port: number;
  try {
    port = await listening;
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    pid: proc.pid!,
    port,
    viewerToken,
    tail: () => lines.join('\n'),
    async stats() {
      const res = await fetch(`${base}/api/stats`, { headers: { [CLIENT_ID_HEADER]: 'bench-observer', ...viewerHeaders(viewerToken) } });
      if (!res.ok) throw new UserError(`GET /api/stats answered ${res.status}`);
      return (await res.json()) as HubStats;
    },
    async kill() {
      if (exited) return;
      const gone = new Promise<void>((done) => proc.once('exit', () => done()));
      proc.kill('SIGKILL');
      await gone;
    },
    async stop(graceMs = 10_000) {
      if (exited) return;
      const gone = new Promise<void>((done) => proc.once('exit', () => done()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
