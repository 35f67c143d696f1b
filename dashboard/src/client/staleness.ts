// Age of data when drawn, measured against the hub's clock: the browser's clock may be off by
// seconds, so it is corrected by an offset taken from a round trip to /api/time.

/** One clock reading: the hub's offset from this browser and how sure we are of it. */
export interface ClockReading {
  /** Add to the browser's Date.now() to get the hub's clock. */
  offsetMs: number;
  /** Round trip of the request the offset came from; half of it bounds the error. */
  rttMs: number;
}

/**
 * Offset from one round trip: the hub read its clock somewhere between sending and
 * receiving, so the midpoint is the best guess (the NTP idea without the filter).
 */
export function offsetFromRoundTrip(sentMs: number, hubTimeMs: number, receivedMs: number): ClockReading {
  return { offsetMs: hubTimeMs - (sentMs + receivedMs) / 2, rttMs: Math.max(0, receivedMs - sentMs) };
}

/** Of several readings the one with the shortest round trip, whose midpoint guess errs least. */
export function bestReading(readings: readonly ClockReading[]): ClockReading | undefined {
  let best: ClockReading | undefined;
  for (const r of readings) if (best === undefined || r.rttMs < best.rttMs) best = r;
  return best;
}

/** Age of a sample on the hub's clock: hub now minus when the hub received it; never negative. */
export function ageOnHubClock(hubRxMs: number, browserNowMs: number, offsetMs: number): number {
  return Math.max(0, browserNowMs + offsetMs - hubRxMs);
}

/** The p-th percentile (0-100) of values by nearest rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Ages collected over the current second, drained into p50/p95 once a second. */
export class AgeWindow {
  #ages: number[] = [];

  /** Records the age of one drawn sample. */
  add(ageMs: number): void {
    this.#ages.push(ageMs);
  }

  /** p50 and p95 of the ages since the last drain (NaN when nothing was drawn), then forgets them. */
  drain(): { p50Ms: number; p95Ms: number; count: number } {
    const ages = this.#ages;
    this.#ages = [];
    return { p50Ms: percentile(ages, 50), p95Ms: percentile(ages, 95), count: ages.length };
  }
}
