import type { HostSummary, OverviewFrame } from '@hostpulse/protocol';

/** Reads a host's overview line; `withRecent` adds its CPU sparkline. */
export type SummaryOf = (hostId: string, withRecent: boolean) => HostSummary | undefined;

/**
 * Coalesces host changes into overview frames: however many samples arrive
 * between two ticks, each changed host appears once in the next frame, with its
 * latest state. `version` grows with every change and is the /api/overview ETag.
 */
export class OverviewCoalescer {
  #version = 0;
  readonly #changed = new Set<string>();
  readonly #summaryOf: SummaryOf;
  readonly #hostIds: () => Iterable<string>;

  constructor(summaryOf: SummaryOf, hostIds: () => Iterable<string>) {
    this.#summaryOf = summaryOf;
    this.#hostIds = hostIds;
  }

  /** Current version; changes whenever any host's overview line does. */
  get version(): number {
    return this.#version;
  }

  /** Notes that a host's line changed. */
  markChanged(hostId: string): void {
    this.#version++;
    this.#changed.add(hostId);
  }

  /** Every host with its sparkline: a new subscriber's first frame and GET /api/overview. */
  fullFrame(hubTimeMs: number): OverviewFrame {
    const hosts: HostSummary[] = [];
    for (const hostId of this.#hostIds()) {
      const summary = this.#summaryOf(hostId, true);
      if (summary) hosts.push(summary);
    }
    return { type: 'overview', full: true, version: this.#version, hubTimeMs, hosts };
  }

  /** The hosts changed since the last tick, or null when nothing changed (so nothing is published). */
  tick(hubTimeMs: number): OverviewFrame | null {
    if (this.#changed.size === 0) return null;
    const hosts: HostSummary[] = [];
    for (const hostId of this.#changed) {
      const summary = this.#summaryOf(hostId, false);
      if (summary) hosts.push(summary);
    }
    this.#changed.clear();
    return { type: 'overview', full: false, version: this.#version, hubTimeMs, hosts };
  }
}
