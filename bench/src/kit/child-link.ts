import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tracked } from './children.js';

/** A request the parent sends a child process. */
export interface ChildRequest {
  id: number;
  cmd: string;
  args?: unknown;
}

/** A child's answer to one request. */
export type ChildReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** A bench child process failed or did not answer. */
export class ChildError extends Error {
  override name = 'ChildError';
}

const CHILD_MAIN = fileURLToPath(new URL('../child-main.js', import.meta.url));

/**
 * One load-generating child process (simulated agents, dashboards or a baseline
 * server), driven by request/reply over Node's IPC channel.
 */
export class ChildLink {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;

  private constructor(
    readonly label: string,
    private readonly proc: ChildProcess,
  ) {
    proc.on('message', (reply: ChildReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new ChildError(`${label}: ${reply.error}`));
    });
    proc.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values()) waiter.reject(new ChildError(`${label} exited (code ${code}, signal ${signal})`));
      this.pending.clear();
    });
  }

  /** Starts a child process playing `role`. */
  static start(label: string, role: string): ChildLink {
    const proc = tracked(fork(CHILD_MAIN, [role], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    return new ChildLink(label, proc);
  }

  /** The child's process id, for reading its CPU from /proc. */
  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /** Sends one command and waits for its answer, at most `timeoutMs`. */
  call<T>(cmd: string, args?: unknown, timeoutMs = 30_000): Promise<T> {
    if (this.exited) return Promise.reject(new ChildError(`${this.label} has exited`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ChildError(`${this.label}: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.proc.send({ id, cmd, args } satisfies ChildRequest);
    });
  }

  /** Asks the child to close its sockets and exit; kills it if it has not within 5 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.call('stop', undefined, 5000).catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}
