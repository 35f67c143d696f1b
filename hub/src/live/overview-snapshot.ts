import type { OverviewFrame } from '@hostpulse/protocol';
import type { OverviewCoalescer } from '../hosts/overview-coalescer.js';
import { splitOverviewFrame } from '../hosts/overview-frames.js';

/**
 * How long the full overview built for one subscriber is sent to the next ones,
 * followed by the hosts changed since: at most four builds a second of every
 * host's line and sparkline, however many dashboards subscribe.
 */
export const OVERVIEW_SNAPSHOT_REUSE_MS = 250;

/**
 * The first frames of an overview subscription, serialised: every host in frames
 * of at most `maxBytes` (splitOverviewFrame), shared by the subscribers of the same
 * quarter second, then a delta of what changed since it was built.
 */
export class OverviewSnapshots {
  readonly #overview: OverviewCoalescer;
  readonly #maxBytes: number;
  #built: { version: number; atMs: number; texts: string[] } | null = null;

  constructor(overview: OverviewCoalescer, maxBytes: number) {
    this.#overview = overview;
    this.#maxBytes = maxBytes;
  }

  /** The frames a new subscriber gets, as JSON text, each at most `maxBytes`. */
  frames(nowMs: number): string[] {
    const overview = this.#overview;
    let built = this.#built;
    const since = built && nowMs - built.atMs < OVERVIEW_SNAPSHOT_REUSE_MS ? overview.changedSince(built.version) : { kind: 'full' as const };
    if (!built || since.kind !== 'delta') {
      const full = overview.fullFrame(nowMs);
      built = { version: full.version, atMs: nowMs, texts: this.#serialise(full) };
      this.#built = built;
      return built.texts;
    }
    if (since.hostIds.length === 0 && since.removed.length === 0) return built.texts;
    const delta: OverviewFrame = { type: 'overview', full: false, version: overview.version, hubTimeMs: nowMs, hosts: overview.summaries(since.hostIds) };
    if (since.removed.length > 0) delta.removed = since.removed;
    return [...built.texts, ...this.#serialise(delta)];
  }

  #serialise(frame: OverviewFrame): string[] {
    return splitOverviewFrame(frame, this.#maxBytes).map((part) => JSON.stringify(part));
  }
}
