import { Buckets } from './buckets.js';
import { ROLLUP_TIERS } from './tiers.js';
/** The coarsest tier that still gives `points` buckets over `spanMs`; raw when none does. */
export function pickTier(spanMs, points, hasRollups) {
    if (!hasRollups)
        return null;
    for (let i = ROLLUP_TIERS.length - 1; i >= 0; i--) {
        const tier = ROLLUP_TIERS[i];
        if (spanMs / tier.bucketMs >= points)
            return tier;
    }
    return null;
}
/**
 * A host's chart lines over [fromMs, toMs] in at most `points` buckets: from the
 * coarsest roll-up tier that still gives that many (plus the newest raw rows not
 * yet rolled up), else from raw samples, in memory first and on disk beyond it.
 * Buckets are whole multiples of the tier's resolution, aligned to the epoch.
 */
export function querySeries(history, disk, req) {
    const spanMs = Math.max(1, req.toMs - req.fromMs);
    const tier = pickTier(spanMs, req.points, disk !== null);
    const resolutionMs = tier?.bucketMs ?? req.intervalMs;
    const bucketMs = Math.max(1, Math.ceil(spanMs / req.points / resolutionMs)) * resolutionMs;
    let buckets = new Buckets(bucketMs);
    const end = req.toMs + 1;
    if (tier === null) {
        const memoryFromMs = history.oldestMs ?? Infinity;
        if (disk && req.fromMs < memoryFromMs) {
            for (const rows of disk.rawBetween(req.hostId, req.fromMs, req.toMs, memoryFromMs))
                buckets.addRows(rows, req.fromMs, end);
        }
        for (const { rows } of history.blocksBetween(req.fromMs, req.toMs))
            buckets.addRows(rows, req.fromMs, end);
    }
    else {
        for (const block of disk.rollups(tier, req.hostId, req.fromMs, req.toMs))
            buckets.addBlock(block, req.fromMs - tier.bucketMs, end);
        for (const { rows, rolledUp } of history.blocksBetween(req.fromMs, req.toMs))
            if (!rolledUp)
                buckets.addRows(rows, req.fromMs, end);
    }
    const tierName = tier?.tier ?? 'raw';
    const answer = (b) => ({
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
//# sourceMappingURL=series-query.js.map