import { spawn, type ChildProcess } from 'node:child_process';

/** A busy process with `marker` in its command line; `stop` kills it. */
export interface BusyProcess {
  proc: ChildProcess;
  marker: string;
  stop(): void;
}

/** The JavaScript of a busy loop on the main thread and on `threads - 1` workers. */
export function busyLoop(threads = 1): string {
  const workers = threads > 1 ? `const { Worker } = require('node:worker_threads'); for (let i = 1; i < ${threads}; i++) new Worker('for(;;){}', { eval: true }); ` : '';
  return `${workers}for(;;){}`;
}

/** Starts `node -e <busy loop> <marker>`, to be found in a process table by its marker; the caller stops it within seconds. */
export function startBusyProcess(marker: string, threads = 1): BusyProcess {
  const proc = spawn(process.execPath, ['-e', busyLoop(threads), marker], { stdio: 'ignore' });
  return { proc, marker, stop: () => void proc.kill('SIGKILL') };
}
