import { DEFAULT_SAMPLES_LIMIT, MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import { latestOfRun } from './host-record.js';
/** A samples `limit` of a poll or a live subscription: DEFAULT_SAMPLES_LIMIT when absent, at most MAX_SAMPLES_LIMIT. */
export function capSamplesLimit(limit) {
    return Math.min(limit ?? DEFAULT_SAMPLES_LIMIT, MAX_SAMPLES_LIMIT);
}
/**
 * The samples a client asked for, oldest first: the current run's samples after
 * `afterSeq` when `runId` names the current run, otherwise the newest the hub holds
 * in memory (across runs). When more match than `limit`, the newest `limit`.
 */
export function selectSamples(host, query) {
    if (query.runId === host.runId)
        return host.history.samplesAfter(host.runId, query.afterSeq, query.limit);
    return host.history.samplesAfter(undefined, 0, query.limit);
}
/** The newest of `samples` whose JSON fits in `maxBytes` together, oldest first. */
export function newestWithin(samples, maxBytes) {
    let bytes = 0;
    let from = samples.length;
    while (from > 0) {
        bytes += Buffer.byteLength(JSON.stringify(samples[from - 1])) + 1;
        if (bytes > maxBytes)
            break;
        from--;
    }
    return from === 0 ? samples : samples.slice(from);
}
/** The seq of the newest sample of the host's current run; 0 before its first. */
export function lastSeqOf(host) {
    return latestOfRun(host)?.seq ?? 0;
}
/** A host's chart lines over a window, ending where its live stream continues (its run and last seq). */
export function hostWindow(store, host, query) {
    return store.series(host.hostId, { intervalMs: host.intervalMs, ...query, runId: host.runId, lastSeq: lastSeqOf(host) });
}
//# sourceMappingURL=host-queries.js.map