import type { HostSample, SeriesResponse } from '@hostpulse/protocol';
import type { HistoryStore } from '../store/history-store.js';
import { type HostRecord } from './host-record.js';
/**
 * The questions both transports ask about a host, answered once: a live
 * subscription's snapshot and a poll differ only in how the answer travels
 * (a frame, or a reply with an ETag).
 */
/** Which samples a poll or a snapshot asks for. */
export interface SampleQuery {
    /** The run the client holds samples of; `afterSeq` applies only when it is the host's current run. */
    runId?: string | undefined;
    afterSeq: number;
    limit: number;
}
/** A samples `limit` of a poll or a live subscription: DEFAULT_SAMPLES_LIMIT when absent, at most MAX_SAMPLES_LIMIT. */
export declare function capSamplesLimit(limit: number | undefined): number;
/**
 * The samples a client asked for, oldest first: the current run's samples after
 * `afterSeq` when `runId` names the current run, otherwise the newest the hub holds
 * in memory (across runs). When more match than `limit`, the newest `limit`.
 */
export declare function selectSamples(host: HostRecord, query: SampleQuery): HostSample[];
/** The newest of `samples` whose JSON fits in `maxBytes` together, oldest first. */
export declare function newestWithin(samples: HostSample[], maxBytes: number): HostSample[];
/** The seq of the newest sample of the host's current run; 0 before its first. */
export declare function lastSeqOf(host: HostRecord): number;
/** A window of a host's history as chart lines: the range, how many points, and (for a snapshot) most bytes. */
export interface WindowQuery {
    fromMs: number;
    toMs: number;
    points: number;
    maxBytes?: number;
}
/** A host's chart lines over a window, ending where its live stream continues (its run and last seq). */
export declare function hostWindow(store: HistoryStore, host: HostRecord, query: WindowQuery): SeriesResponse;
//# sourceMappingURL=host-queries.d.ts.map