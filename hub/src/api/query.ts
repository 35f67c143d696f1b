import { DEFAULT_SERIES_POINTS, MAX_SERIES_POINTS, RUN_ID_PATTERN } from '@hostpulse/protocol';
import { ALERT_HISTORY_DEFAULT_LIMIT, ALERT_HISTORY_MAX_LIMIT, HOST_ID_PATTERN } from '@hostpulse/protocol';
import type { HostProcessTable } from '@hostpulse/protocol';
import { capSamplesLimit, type SampleQuery } from '../hosts/host-queries.js';

/** Outcome of reading a query string: the values, or why it is a 400. */
export type QueryResult<T> = { ok: true; value: T } | { ok: false; message: string };

const RUN_ID_RE = new RegExp(RUN_ID_PATTERN);
const DIGITS_RE = /^\d{1,16}$/;

function readInteger(params: URLSearchParams, name: string, min: number): QueryResult<number | undefined> {
  const text = params.get(name);
  if (text === null) return { ok: true, value: undefined };
  const value = Number(text);
  if (!DIGITS_RE.test(text) || !Number.isSafeInteger(value)) {
    return { ok: false, message: `query parameter "${name}" must be a whole number, got "${text}"` };
  }
  if (value < min) return { ok: false, message: `query parameter "${name}" must be at least ${min}, got ${value}` };
  return { ok: true, value };
}

/**
 * Reads `run`, `after` and `limit` of GET /api/hosts/:id/samples. Malformed or
 * out-of-range values are errors; a `limit` above MAX_SAMPLES_LIMIT is capped.
 */
export function parseSamplesQuery(query: string): QueryResult<SampleQuery> {
  const params = new URLSearchParams(query);
  const runId = params.get('run') ?? undefined;
  if (runId !== undefined && !RUN_ID_RE.test(runId)) {
    return { ok: false, message: `query parameter "run" must match ${RUN_ID_PATTERN}` };
  }
  const after = readInteger(params, 'after', 0);
  if (!after.ok) return after;
  const limit = readInteger(params, 'limit', 1);
  if (!limit.ok) return limit;
  return {
    ok: true,
    value: { runId, afterSeq: after.value ?? 0, limit: capSamplesLimit(limit.value) },
  };
}

/** A series query's range and resolution. */
export interface SeriesQuery {
  fromMs: number;
  toMs: number;
  points: number;
}

/** The range a series query covers when it gives no `from`: the last five minutes. */
export const DEFAULT_SERIES_SPAN_MS = 300_000;

/**
 * Reads `from`, `to` (epoch ms; default: the five minutes up to now) and `points`
 * (default DEFAULT_SERIES_POINTS, capped at MAX_SERIES_POINTS) of
 * GET /api/hosts/:id/series. `from` must come before `to`.
 */
export function parseSeriesQuery(query: string, nowMs: number): QueryResult<SeriesQuery> {
  const params = new URLSearchParams(query);
  const to = readInteger(params, 'to', 0);
  if (!to.ok) return to;
  const from = readInteger(params, 'from', 0);
  if (!from.ok) return from;
  const points = readInteger(params, 'points', 1);
  if (!points.ok) return points;
  const toMs = to.value ?? nowMs;
  const fromMs = from.value ?? Math.max(0, toMs - DEFAULT_SERIES_SPAN_MS);
  if (fromMs >= toMs) return { ok: false, message: `query parameter "from" (${fromMs}) must be before "to" (${toMs})` };
  return { ok: true, value: { fromMs, toMs, points: Math.min(points.value ?? DEFAULT_SERIES_POINTS, MAX_SERIES_POINTS) } };
}

/** ETag of a series answer: the query and the newest sample it could hold. */
export function seriesEtag(query: SeriesQuery, runId: string, lastSeq: number): string {
  return `"${query.fromMs}.${query.toMs}.${query.points}.${runId}.${lastSeq}"`;
}

/** Reads `since` of GET /api/overview: the version a poll already holds, or undefined for a full answer. */
export function parseOverviewQuery(query: string): QueryResult<{ since: number | undefined }> {
  const since = readInteger(new URLSearchParams(query), 'since', 0);
  return since.ok ? { ok: true, value: { since: since.value } } : since;
}

/**
 * ETag of /api/overview: its version and the `since` asked about, since a full
 * answer and a delta of the same version differ; a cache must never answer one
 * query with another's 304.
 */
export function overviewEtag(version: number, since: number | undefined): string {
  return since === undefined ? `"${version}"` : `"${version}.${since}"`;
}

/**
 * ETag of a host's samples: what changes when a poll would see something new
 * (run, last seq, online), and the whole query, since `run`, `after` and `limit`
 * each change the answer.
 */
export function samplesEtag(runId: string, lastSeq: number, online: boolean, query: SampleQuery): string {
  return `"${runId}.${lastSeq}.${online ? 1 : 0}.${query.runId ?? ''}.${query.afterSeq}.${query.limit}"`;
}

/** ETag of a host's process table: its run and time (none yet: "none"), and the host's online state. */
export function processesEtag(table: HostProcessTable | null, online: boolean): string {
  return `"${table ? `${table.runId}.${table.tsMs}` : 'none'}.${online ? 1 : 0}"`;
}

/**
 * Whether an If-None-Match header matches `etag` (RFC 9110 13.1.2: a list, `*`,
 * weak comparison), so the answer is 304 with no body.
 */
export function isNotModified(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch === '') return false;
  if (ifNoneMatch.trim() === '*') return true;
  const strip = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return ifNoneMatch.split(',').some((tag) => strip(tag.trim()) === strip(etag));
}

const HOST_ID_RE = new RegExp(HOST_ID_PATTERN);

/** A page of the alert history: one host's or every host's events, older than `beforeId`. */
export interface AlertHistoryPage {
  hostId: string | undefined;
  beforeId: number | undefined;
  limit: number;
}

/**
 * Reads `host`, `before` (an event id: the `olderBefore` of the page before) and
 * `limit` (default ALERT_HISTORY_DEFAULT_LIMIT, at most ALERT_HISTORY_MAX_LIMIT)
 * of GET /api/alerts/history; a bad value is an error naming its parameter.
 */
export function parseAlertHistoryQuery(query: string): { ok: true; value: AlertHistoryPage } | { ok: false; field: string; message: string } {
  const params = new URLSearchParams(query);
  const hostId = params.get('host') ?? undefined;
  if (hostId !== undefined && !HOST_ID_RE.test(hostId)) return { ok: false, field: 'host', message: `query parameter "host" must be a host id matching ${HOST_ID_PATTERN}, got "${hostId}"` };
  const before = readInteger(params, 'before', 1);
  if (!before.ok) return { ...before, field: 'before' };
  const limit = readInteger(params, 'limit', 1);
  if (!limit.ok) return { ...limit, field: 'limit' };
  if (limit.value !== undefined && limit.value > ALERT_HISTORY_MAX_LIMIT) return { ok: false, field: 'limit', message: `query parameter "limit" must be at most ${ALERT_HISTORY_MAX_LIMIT}, got ${limit.value}` };
  return { ok: true, value: { hostId, beforeId: before.value, limit: limit.value ?? ALERT_HISTORY_DEFAULT_LIMIT } };
}
