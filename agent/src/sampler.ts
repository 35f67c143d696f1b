import type { Sample } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { REQUIRED_METRICS, type Collector, type MetricKey, type Metrics } from './collectors/collector.js';
import { FailureLog } from './failure-log.js';

/** What a sampler needs: who it samples for, how often, from which collectors. */
export interface SamplerOptions {
  hostId: string;
  runId: string;
  intervalMs: number;
  collectors: Collector[];
  log: Logger;
  /** Receives each sample, seq 1, 2, 3, ... */
  onSample: (sample: Sample) => void;
  /** Wall clock for `tsMs`; tests pass their own. */
  now?: () => number;
}

interface SlowState {
  running: boolean;
  lastStartMs: number;
}

/**
 * Runs the collectors once per interval and assembles samples. A collector that
 * throws costs only its own fields: an optional one (fs, temps) is left out; a
 * required one repeats its last good value, so the sample shows a stale figure
 * rather than a false zero, and the failure is logged (once, then once a minute).
 * Until every required field has been read once no sample is sent at all, and the
 * seq is not spent, so the hub never sees a sample with an invented number.
 */
export class Sampler {
  readonly #o: Required<SamplerOptions>;
  readonly #fast: Collector[];
  readonly #slow = new Map<Collector, SlowState>();
  readonly #failures: FailureLog;
  #lastGood: Partial<Metrics> = {};
  #pendingSlow: Partial<Metrics> = {};
  #seq = 0;
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;
  #stopped = false;

  constructor(options: SamplerOptions) {
    this.#o = { now: Date.now, ...options };
    this.#fast = options.collectors.filter((c) => c.everyMs === undefined);
    for (const c of options.collectors) if (c.everyMs !== undefined) this.#slow.set(c, { running: false, lastStartMs: -Infinity });
    this.#failures = new FailureLog(options.log, this.#o.now);
  }

  /** Takes the first readings, then samples every interval until stop(). */
  async start(): Promise<void> {
    this.#startSlow();
    await Promise.all(
      this.#fast.map(async (c) => {
        try {
          await c.prime?.();
        } catch (err) {
          this.#failures.failed(c.name, 'collector failed', err);
        }
      }),
    );
    const startedMs = performance.now();
    let ticks = 0;
    const schedule = () => {
      // stop() may come while the first readings are still being taken.
      if (this.#stopped) return;
      ticks += 1;
      // Aim each tick at start + n * interval so timer lateness does not accumulate.
      const delayMs = Math.max(0, startedMs + ticks * this.#o.intervalMs - performance.now());
      this.#timer = setTimeout(() => {
        schedule();
        // A tick still running (a stalled read) makes the next one skip rather than pile up.
        if (!this.#ticking) this.tick().catch((err: unknown) => this.#failures.failed('sampler', 'tick failed', err));
      }, delayMs);
    };
    schedule();
  }

  /** Stops sampling; a tick already running still delivers its sample. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Takes one sample now and hands it to onSample; null when a required field has never been read. */
  async tick(): Promise<Sample | null> {
    this.#ticking = true;
    try {
      return await this.#tick();
    } finally {
      this.#ticking = false;
    }
  }

  async #tick(): Promise<Sample | null> {
    const tsMs = this.#o.now();
    this.#startSlow();
    const results = await Promise.allSettled(this.#fast.map((c) => c.collect()));
    const metrics: Partial<Metrics> = {};
    results.forEach((result, i) => {
      const c = this.#fast[i]!;
      if (result.status === 'fulfilled') {
        this.#failures.succeeded(c.name);
        Object.assign(metrics, result.value);
        Object.assign(this.#lastGood, result.value);
      } else {
        this.#failures.failed(c.name, 'collector failed', result.reason);
        for (const key of c.provides) if (REQUIRED_METRICS.includes(key)) copyKey(metrics, this.#lastGood, key);
      }
    });
    const missing = REQUIRED_METRICS.filter((key) => metrics[key] === undefined);
    if (missing.length > 0) {
      this.#failures.failed('sampler', 'sample held back, a required metric has never been read', new Error(`missing ${missing.join(',')}`));
      return null;
    }
    this.#failures.succeeded('sampler');
    Object.assign(metrics, this.#pendingSlow);
    this.#pendingSlow = {};
    this.#seq += 1;
    const m = metrics as Metrics;
    const sample: Sample = {
      hostId: this.#o.hostId,
      runId: this.#o.runId,
      seq: this.#seq,
      tsMs,
      intervalMs: this.#o.intervalMs,
      uptimeSec: m.uptimeSec,
      processCount: m.processCount,
      cpu: m.cpu,
      load: m.load,
      mem: m.mem,
      swap: m.swap,
      net: m.net,
      disk: m.disk,
      ...(m.fs ? { fs: m.fs } : {}),
      ...(m.temps ? { temps: m.temps } : {}),
    };
    this.#o.onSample(sample);
    return sample;
  }

  /** Starts each slow collector that is due; its result rides on the next sample. */
  #startSlow(): void {
    const nowMs = performance.now();
    for (const [c, state] of this.#slow) {
      if (state.running || nowMs - state.lastStartMs < c.everyMs!) continue;
      state.running = true;
      state.lastStartMs = nowMs;
      c.collect()
        .then((value) => {
          this.#failures.succeeded(c.name);
          Object.assign(this.#pendingSlow, value);
        })
        .catch((err: unknown) => this.#failures.failed(c.name, 'collector failed', err))
        .finally(() => {
          state.running = false;
        });
    }
  }
}

function copyKey<K extends MetricKey>(target: Partial<Metrics>, source: Partial<Metrics>, key: K): void {
  if (source[key] !== undefined) target[key] = source[key];
}
