import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const DELAY_RESOLUTION_MS = 10;

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
    const memory = process.memoryUsage();
    this.#latest = { cpuPct: 0, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, eventLoopDelayP50Ms: 0, eventLoopDelayP99Ms: 0 };
  }

  /** Figures over the interval since the previous call; starts the next interval. */
  sample(): ProcessFigures {
    const cpu = process.cpuUsage(this.#cpu);
    const wallMs = performance.now();
    const elapsedMs = wallMs - this.#wallMs;
    const memory = process.memoryUsage();
    // The histogram records the whole time between its timer's runs, resolution included;
    // the delay is what exceeds the resolution.
    const nsToMs = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - DELAY_RESOLUTION_MS) : 0);
    this.#latest = {
      cpuPct: elapsedMs > 0 ? ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100 : 0,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
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
