import type { HostProcessTable } from '@hostpulse/protocol';
import { type SampleQuery } from '../hosts/host-queries.js';
/** Outcome of reading a query string: the values, or why it is a 400. */
export type QueryResult<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    message: string;
};
/**
 * Reads `run`, `after` and `limit` of GET /api/hosts/:id/samples. Malformed or
 * out-of-range values are errors; a `limit` above MAX_SAMPLES_LIMIT is capped.
 */
export declare function parseSamplesQuery(query: string): QueryResult<SampleQuery>;
/** A series query's range and resolution. */
export interface SeriesQuery {
    fromMs: number;
    toMs: number;
    points: number;
}
/** The range a series query covers when it gives no `from`: the last five minutes. */
export declare const DEFAULT_SERIES_SPAN_MS = 300000;
/**
 * Reads `from`, `to` (epoch ms; default: the five minutes up to now) and `points`
 * (default DEFAULT_SERIES_POINTS, capped at MAX_SERIES_POINTS) of
 * GET /api/hosts/:id/series. `from` must come before `to`.
 */
export declare function parseSeriesQuery(query: string, nowMs: number): QueryResult<SeriesQuery>;
/** ETag of a series answer: the query and the newest sample it could hold. */
export declare function seriesEtag(query: SeriesQuery, runId: string, lastSeq: number): string;
/** Reads `since` of GET /api/overview: the version a poll already holds, or undefined for a full answer. */
export declare function parseOverviewQuery(query: string): QueryResult<{
    since: number | undefined;
}>;
/**
 * ETag of /api/overview: its version and the `since` asked about, since a full
 * answer and a delta of the same version differ; a cache must never answer one
 * query with another's 304.
 */
export declare function overviewEtag(version: number, since: number | undefined): string;
/**
 * ETag of a host's samples: what changes when a poll would see something new
 * (run, last seq, online), and the whole query, since `run`, `after` and `limit`
 * each change the answer.
 */
export declare function samplesEtag(runId: string, lastSeq: number, online: boolean, query: SampleQuery): string;
/** ETag of a host's process table: its run and time (none yet: "none"), and the host's online state. */
export declare function processesEtag(table: HostProcessTable | null, online: boolean): string;
/**
 * Whether an If-None-Match header matches `etag` (RFC 9110 13.1.2: a list, `*`,
 * weak comparison), so the answer is 304 with no body.
 */
export declare function isNotModified(ifNoneMatch: string, etag: string): boolean;
//# sourceMappingURL=query.d.ts.map