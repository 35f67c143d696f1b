/** What a client saw of one stream of sequence numbers. */
export interface SeqCounts {
  /** Updates that arrived with a seq above every one seen before. */
  received: number;
  /** Seqs skipped between two received updates of the same run. */
  missing: number;
  /** Updates that arrived with a seq at or below one already seen (duplicates). */
  stale: number;
}

/**
 * Counts gaps per stream (host id + run id). A new run restarts the count, since
 * an agent restart legitimately starts again at seq 1.
 */
export class SeqTracker {
  private readonly last = new Map<string, { runId: string; seq: number }>();
  counts: SeqCounts = { received: 0, missing: 0, stale: 0 };

  /** Sets where a stream stands without counting an update (from a snapshot or first poll). */
  prime(hostId: string, runId: string, seq: number): void {
    this.last.set(hostId, { runId, seq });
  }

  /** Records one update; returns the number of seqs missed before it. */
  observe(hostId: string, runId: string, seq: number): number {
    const prev = this.last.get(hostId);
    if (prev && prev.runId === runId && seq <= prev.seq) {
      this.counts.stale += 1;
      return 0;
    }
    const missed = prev && prev.runId === runId ? seq - prev.seq - 1 : 0;
    this.last.set(hostId, { runId, seq });
    this.counts.received += 1;
    this.counts.missing += missed;
    return missed;
  }

  /** Zeroes the counts but keeps each stream's position, so a window starts clean. */
  resetCounts(): void {
    this.counts = { received: 0, missing: 0, stale: 0 };
  }
}
