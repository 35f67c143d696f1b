import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built hub entry point. */
export const HUB_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** A hub process started for a test. */
export interface HubProcess {
  port: number;
  url: string;
  proc: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Resolves once stderr matches `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends `signal` and resolves with the exit code once it exits. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs a process to completion and collects its output. */
export function runProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `node hub/dist/main.js --port <port> ...args` and waits for its listening line. */
export function startHubProcess(args: string[] = [], { port = 0, env = {} }: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<HubProcess> {
  const proc = spawn(process.execPath, [HUB_MAIN, '--port', String(port), ...args], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const waiters = new Set<() => void>();
  proc.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const check of [...waiters]) check();
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const waitForLog = (pattern: RegExp, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`hub log never matched ${pattern}; stderr:\n${stderr}`));
      }, timeoutMs);
      const check = () => {
        if (!pattern.test(stderr)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return new Promise((resolve, reject) => {
    void exited.then((code) => reject(new Error(`hub exited with ${code} before listening:\n${stderr}`)));
    waitForLog(/listening url=\S+ port=(\d+)/).then(() => {
      const match = /port=(\d+)/.exec(stderr)!;
      const hubPort = Number(match[1]);
      resolve({
        port: hubPort,
        url: `http://127.0.0.1:${hubPort}`,
        proc,
        stderr: () => stderr,
        waitForLog,
        stop(signal = 'SIGTERM') {
          if (proc.exitCode !== null || proc.signalCode !== null) return exited;
          proc.kill(signal);
          return exited;
        },
      });
    }, reject);
  });
}
