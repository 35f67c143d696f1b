import { spawn, type ChildProcess } from 'node:child_process';

/** A process a test started, with everything it wrote kept for waits and error messages. */
export interface Child {
  proc: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the match once its output matches `pattern`; rejects, with the output, after `timeoutMs` or when it exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code once it exits. */
  exited: Promise<number | null>;
  /** Sends `signal` unless it has exited, and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `file args` with `env` as its whole environment; `defaultSignal` is what `stop()` sends. */
export function spawnChild(file: string, args: readonly string[], env: NodeJS.ProcessEnv, defaultSignal: NodeJS.Signals = 'SIGTERM'): Child {
  const proc = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const check of [...waiters]) check();
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  // Its output is all read only once its pipes close, which may come after it exits.
  const closed = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const waitForOutput = (pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer);
        waiters.delete(check);
        reject(new Error(`${file} ${why} before its output matched ${pattern}; output:\n${output}`));
      };
      const timer = setTimeout(() => fail(`ran ${timeoutMs} ms`), timeoutMs);
      const check = (): void => {
        const match = pattern.exec(output);
        if (!match) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(match);
      };
      waiters.add(check);
      check();
      void closed.then((code) => waiters.has(check) && fail(`exited with ${code}`));
    });
  return {
    proc,
    output: () => output,
    waitForOutput,
    exited,
    stop(signal = defaultSignal) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Runs `file args` to completion with `env` added to this process's environment, and collects its output. */
export async function runChild(file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(file, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    proc.on('error', reject);
    // 'close', not 'exit': the process may exit before its last output is read.
    proc.on('close', resolve);
  });
  return { code, stdout, stderr };
}
