import type { HubStats } from '@hostpulse/protocol';
import { AgeWindow } from '../client/staleness.js';
import type { Mode } from '../routing/url-state.js';

/** Seconds of history the comparison charts keep. */
export const COMPARE_HISTORY_POINTS = 300;

/** This browser's own figures over one second, and the transport it was using. */
export interface BrowserPoint {
  tsMs: number;
  mode: Mode;
  bytesPerSec: number;
  requestsPerSec: number;
  /** NaN when nothing was drawn that second. */
  ageP50Ms: number;
  ageP95Ms: number;
}

/**
 * The push-vs-poll comparison: the hub's load as it reports it (topic `stats` or
 * /api/stats) and this browser's traffic and data age, once a second.
 */
export class CompareState {
  hubHistory = $state.raw<HubStats[]>([]);
  browserHistory = $state.raw<BrowserPoint[]>([]);
  latestHub = $derived(this.hubHistory[this.hubHistory.length - 1]);
  latestBrowser = $derived(this.browserHistory[this.browserHistory.length - 1]);

  #bytes = 0;
  #requests = 0;
  #ages = new AgeWindow();
  #lastTickMs: number | undefined;

  /** The hub's stats arrived; a poll faster than the hub's once-a-second update repeats one, which is dropped. */
  applyStats(stats: HubStats): void {
    const last = this.latestHub;
    if (last !== undefined && last.tsMs >= stats.tsMs) return;
    this.hubHistory = [...this.hubHistory, stats].slice(-COMPARE_HISTORY_POINTS);
  }

  /** Counts bytes received and requests sent by this browser. */
  addTraffic(bytes: number, requests: number): void {
    this.#bytes += bytes;
    this.#requests += requests;
  }

  /** Records the age of a sample at the moment it is drawn. */
  recordAge(ageMs: number): void {
    this.#ages.add(ageMs);
  }

  /** Closes one second of this browser's figures. */
  tick(nowMs: number, mode: Mode): void {
    const elapsedSec = this.#lastTickMs === undefined ? 1 : Math.max(0.001, (nowMs - this.#lastTickMs) / 1000);
    this.#lastTickMs = nowMs;
    const ages = this.#ages.drain();
    const point: BrowserPoint = {
      tsMs: nowMs,
      mode,
      bytesPerSec: this.#bytes / elapsedSec,
      requestsPerSec: this.#requests / elapsedSec,
      ageP50Ms: ages.p50Ms,
      ageP95Ms: ages.p95Ms,
    };
    this.#bytes = 0;
    this.#requests = 0;
    this.browserHistory = [...this.browserHistory, point].slice(-COMPARE_HISTORY_POINTS);
  }
}
