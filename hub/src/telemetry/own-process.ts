import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

const DELAY_RESOLUTION_MS = 10;

/**
 * The resident set size, or `previous` when it cannot be read: Node reads it from
 * /proc/self/stat, which needs a free file descriptor, and throws EMFILE when the
 * process has none left.
 */
function residentBytes(previous: number): number {
  try {
    return process.memoryUsage.rss();
  } catch {
    return previous;
  }
}

/** The hub process's own cost, as HubStats['process'] carries it. */
export interface ProcessFigures {
  cpuPct: number;
  rssBytes: number;
  heapUsedBytes: number;
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
}

/**
 * Samples the hub's own CPU (percent of one core between two `sample` calls),
 * memory and event-loop delay (percentiles over the same interval).
 */
export class ProcessStats {
  #cpu = process.cpuUsage();
  #wallMs = performance.now();
  readonly #delay: IntervalHistogram = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  #latest: ProcessFigures;

  constructor() {
    this.#delay.enable();
    this.#latest = { cpuPct: 0, rssBytes: residentBytes(0), heapUsedBytes: getHeapStatistics().used_heap_size, eventLoopDelayP50Ms: 0, eventLoopDelayP99Ms: 0 };
  }

  /** Figures over the interval since the previous call; starts the next interval. */
  sample(): ProcessFigures {
    const cpu = process.cpuUsage(this.#cpu);
    const wallMs = performance.now();
    const elapsedMs = wallMs - this.#wallMs;
    // The histogram records the whole time between its timer's runs, resolution included;
    // the delay is what exceeds the resolution.
    const nsToMs = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS) : 0);
    this.#latest = {
      cpuPct: elapsedMs > 0 ? ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100 : 0,
      rssBytes: residentBytes(this.#latest.rssBytes),
      heapUsedBytes: getHeapStatistics().used_heap_size,
      eventLoopDelayP50Ms: this.#delay.count > 0 ? nsToMs(this.#delay.percentile(50)) : 0,
      eventLoopDelayP99Ms: this.#delay.count > 0 ? nsToMs(this.#delay.percentile(99)) : 0,
    };
    this.#cpu = process.cpuUsage();
    this.#wallMs = wallMs;
    this.#delay.reset();
    return this.#latest;
  }

  /** The figures of the last `sample` call. */
  get latest(): ProcessFigures {
    return this.#latest;
  }

  /** Stops the event-loop monitor. */
  stop(): void {
    this.#delay.disable();
  }
}

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
  const heap = getHeapStatistics();
  return {
    cpuUserSeconds: cpu.user / 1e6,
    cpuSystemSeconds: cpu.system / 1e6,
    startTimeSeconds: START_TIME_SECONDS,
    residentMemoryBytes: residentBytes(0),
    heapUsedBytes: heap.used_heap_size,
    heapTotalBytes: heap.total_heap_size,
    // /proc/self/stat field 23 is vsize; the command name (field 2) may hold spaces, so count from its closing parenthesis.
    virtualMemoryBytes: readOr(() => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[20])),
    openFds: readOr(() => readdirSync('/proc/self/fd').length),
    maxFds: readOr(() => Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))![1])),
  };
}
