import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';

const live = new Set<ChildProcess>();

/** Keeps `proc` on the list of processes killed when the bench is stopped by a signal. */
export function tracked<T extends ChildProcess>(proc: T): T {
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
  return proc;
}

/**
 * Stopped by SIGTERM, SIGINT or SIGHUP, the bench SIGKILLs every process it started
 * (hubs, agents, nats-server, the idle processes) before it exits, so none is left
 * running: `kill` reaches only the bench, and a hub outlives a parent that is gone.
 */
export function killChildrenOnSignal(): void {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}: stopping ${live.size} child process(es)\n`);
      for (const proc of live) proc.kill('SIGKILL');
      process.exit(128 + constants.signals[signal]);
    });
  }
}
