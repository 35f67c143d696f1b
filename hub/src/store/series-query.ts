import type { SeriesResponse, Tier } from '@hostpulse/protocol';
import { Buckets } from './buckets.js';
import type { DiskReader } from './disk-reader.js';
import type { HostHistory } from './host-history.js';
import { ROLLUP_TIERS, type RollupTier } from './tiers.js';

/** What a series query asks. */
export interface SeriesRequest {
  hostId: string;
  /** The host's sample interval: the raw tier's resolution. */
  intervalMs: number;
  fromMs: number;
  toMs: number;
  points: number;
  /** Most bytes the answer may take as JSON; it gets wider buckets until it fits. */
  maxBytes: number;
  /** The newest sample held: where a live stream continues. */
  runId: string | null;
  lastSeq: number;
}

/** The coarsest tier that still gives `points` buckets over `spanMs`; raw when none does. */
export function pickTier(spanMs: number, points: number): RollupTier | null {
  for (let i = ROLLUP_TIERS.length - 1; i >= 0; i--) {
    const tier = ROLLUP_TIERS[i]!;
    if (spanMs / tier.bucketMs >= points) return tier;
  }
  return null;
}

/**
 * A host's chart lines over [fromMs, toMs] in at most `points` buckets: from the
 * coarsest roll-up tier that still gives that many (plus the newest raw rows not
 * yet rolled up), else from raw samples, in memory first and on disk beyond it.
 * Without a disk, memory answers a tier's buckets from its chunks' minute
 * summaries. Buckets are whole multiples of the tier's resolution, aligned to the epoch.
 */
export function querySeries(history: HostHistory, disk: DiskReader | null, req: SeriesRequest): SeriesResponse {
  const spanMs = Math.max(1, req.toMs - req.fromMs);
  const tier = pickTier(spanMs, req.points);
  const resolutionMs = tier?.bucketMs ?? req.intervalMs;
  const bucketMs = Math.max(1, Math.ceil(spanMs / req.points / resolutionMs)) * resolutionMs;
  let buckets = new Buckets(bucketMs);
  const end = req.toMs + 1;
  if (tier !== null && disk) {
    for (const block of disk.rollups(tier, req.hostId, req.fromMs, req.toMs)) buckets.addBlock(block, req.fromMs - tier.bucketMs, end);
    history.foldBetween(buckets, req.fromMs, end, false);
  } else {
    const memoryFromMs = history.oldestMs ?? Infinity;
    if (disk && req.fromMs < memoryFromMs) {
      for (const rows of disk.rawBetween(req.hostId, req.fromMs, req.toMs, memoryFromMs)) buckets.addRows(rows, req.fromMs, end);
    }
    history.foldBetween(buckets, req.fromMs, end);
  }
  const tierName: Tier = tier?.tier ?? 'raw';
  const answer = (b: Buckets): SeriesResponse => ({
    hostId: req.hostId,
    fromMs: req.fromMs,
    toMs: req.toMs,
    tier: tierName,
    bucketMs: b.bucketMs,
    runId: req.runId,
    lastSeq: req.lastSeq,
    ...b.toSeries(req.fromMs, end),
  });
  let result = answer(buckets);
  // Each halving at least halves the buckets, so a few rounds fit any host into the budget.
  while (Buffer.byteLength(JSON.stringify(result)) > req.maxBytes && result.t.length > 1) {
    buckets = buckets.coarsen(2);
    result = answer(buckets);
  }
  return result;
}
