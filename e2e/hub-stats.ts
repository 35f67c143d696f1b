import type { HubStats } from '@hostpulse/protocol';

/**
 * Reads /api/stats, which counts itself as a poll request: `ownRequests` tracks how
 * many this reader made, so a test can subtract them and see only the dashboard's.
 */
export class StatsReader {
  ownRequests = 0;
  readonly #hubUrl: string;

  constructor(hubUrl: string) {
    this.#hubUrl = hubUrl;
  }

  /** The hub's stats now. */
  async read(): Promise<HubStats> {
    this.ownRequests += 1;
    const res = await fetch(`${this.#hubUrl}/api/stats`);
    if (!res.ok) throw new Error(`/api/stats answered ${res.status}`);
    return (await res.json()) as HubStats;
  }

  /** Poll requests so far by everyone but this reader. */
  async othersPollRequests(): Promise<number> {
    const stats = await this.read();
    return stats.transports.poll.totals.requests - this.ownRequests;
  }
}
