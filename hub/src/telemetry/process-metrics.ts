import { readdirSync, readFileSync } from 'node:fs';

/** The hub process's own figures under the names every Prometheus client library uses. */
export interface ProcessMetrics {
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  startTimeSeconds: number;
  residentMemoryBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  /** Undefined where /proc is missing (not Linux). */
  virtualMemoryBytes: number | undefined;
  openFds: number | undefined;
  maxFds: number | undefined;
}

const START_TIME_SECONDS = Date.now() / 1000 - process.uptime();

function readOr<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The process's figures now; the /proc ones are read on each call (a scrape), a few microseconds each. */
export function readProcessMetrics(): ProcessMetrics {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuUserSeconds: cpu.user / 1e6,
    cpuSystemSeconds: cpu.system / 1e6,
    startTimeSeconds: START_TIME_SECONDS,
    residentMemoryBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    // /proc/self/stat field 23 is vsize; the command name (field 2) may hold spaces, so count from its closing parenthesis.
    virtualMemoryBytes: readOr(() => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[20])),
    openFds: readOr(() => readdirSync('/proc/self/fd').length),
    maxFds: readOr(() => Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))![1])),
  };
}
