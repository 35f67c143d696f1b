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

/**
 * Starts `node -e '/*<marker>*\/<busy loop>'`, to be found in a process table by its marker
 * (near the start of the command line, which the table cuts, however long Node's path is);
 * the caller stops it within seconds.
 */
export function startBusyProcess(marker: string, threads = 1): BusyProcess {
  const proc = spawn(process.execPath, ['-e', `/*${marker}*/${busyLoop(threads)}`], { stdio: 'ignore' });
  return { proc, marker, stop: () => void proc.kill('SIGKILL') };
}
