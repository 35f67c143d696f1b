import { DEFAULT_SAMPLES_LIMIT, MAX_SAMPLES_LIMIT, MAX_SERIES_LINE_POINTS, sampleChartValues } from '@hostpulse/protocol';
import type { HostSample, SeriesResponse } from '@hostpulse/protocol';
import type { HistoryStore } from '../store/history-store.js';
import { latestOfRun, type HostRecord } from './host-record.js';

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
export function capSamplesLimit(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_SAMPLES_LIMIT, MAX_SAMPLES_LIMIT);
}

/**
 * The samples a client asked for, oldest first: the current run's samples after
 * `afterSeq` when `runId` names the current run, otherwise the newest the hub holds
 * in memory (across runs). When more match than `limit`, the newest `limit`.
 */
export function selectSamples(host: HostRecord, query: SampleQuery): HostSample[] {
  if (query.runId === host.runId) return host.history.samplesAfter(host.runId, query.afterSeq, query.limit);
  return host.history.samplesAfter(undefined, 0, query.limit);
}

/** The newest of `samples` whose JSON fits in `maxBytes` together, oldest first. */
export function newestWithin(samples: HostSample[], maxBytes: number): HostSample[] {
  let bytes = 0;
  let from = samples.length;
  while (from > 0) {
    bytes += Buffer.byteLength(JSON.stringify(samples[from - 1])) + 1;
    if (bytes > maxBytes) break;
    from--;
  }
  return from === 0 ? samples : samples.slice(from);
}

/** The oldest of `samples` whose JSON fits in `maxBytes` together, and always the first, so a reader paging through moves on. */
export function oldestWithin(samples: HostSample[], maxBytes: number): HostSample[] {
  let bytes = 0;
  let to = 0;
  while (to < samples.length) {
    bytes += Buffer.byteLength(JSON.stringify(samples[to])) + 1;
    if (bytes > maxBytes && to > 0) break;
    to++;
  }
  return samples.slice(0, to);
}

/**
 * How many samples to read for an answer of `maxBytes`: twice what fits at the
 * size of the host's newest sample, at most `limit`, so a wide host's answer
 * costs about the bytes it sends rather than `limit` samples built and dropped.
 */
function readCount(host: HostRecord, maxBytes: number, limit: number): number {
  const probe = host.latest ?? host.history.samplesAfter(undefined, 0, 1)[0];
  if (!probe) return limit;
  return Math.max(1, Math.min(limit, 2 * Math.ceil(maxBytes / (Buffer.byteLength(JSON.stringify(probe)) + 1))));
}

/** The samples a client asked for (see selectSamples), the newest that fit in `maxBytes`: a live snapshot. */
export function newestSamplesWithin(host: HostRecord, query: SampleQuery, maxBytes: number): HostSample[] {
  return newestWithin(selectSamples(host, { ...query, limit: readCount(host, maxBytes, query.limit) }), maxBytes);
}

/** A poll's samples, and whether later ones were left out to keep the answer within its bytes. */
export interface SamplesPage {
  samples: HostSample[];
  more: boolean;
}

/**
 * A poll's samples within `maxBytes`: of the current run, the oldest after
 * `afterSeq` (among its newest `limit` seqs) that fit, with `more` when later
 * ones are left for the next poll; of any other run, the newest that fit.
 */
export function pageSamples(host: HostRecord, query: SampleQuery, maxBytes: number): SamplesPage {
  if (query.runId !== host.runId) return { samples: newestSamplesWithin(host, query, maxBytes), more: false };
  const lastSeq = host.history.lastSeqOf(host.runId);
  const fromSeq = Math.max(query.afterSeq, lastSeq - query.limit);
  const samples = oldestWithin(host.history.samplesFrom(host.runId, fromSeq, readCount(host, maxBytes, query.limit)), maxBytes);
  return { samples, more: (samples.at(-1)?.seq ?? lastSeq) < lastSeq };
}

/** The seq of the newest sample of the host's current run; 0 before its first. */
export function lastSeqOf(host: HostRecord): number {
  return latestOfRun(host)?.seq ?? 0;
}

/** A window of a host's history as chart lines: the range, how many points, and (for a snapshot) most bytes. */
export interface WindowQuery {
  fromMs: number;
  toMs: number;
  points: number;
  maxBytes?: number;
}

/**
 * The buckets a window of this host may have: at most MAX_SERIES_LINE_POINTS over
 * the chart lines of its newest sample, so a wide host's window takes fewer,
 * wider buckets (and, on disk, a coarser tier) rather than more work.
 */
export function windowPoints(host: HostRecord, points: number): number {
  const lines = host.latest ? sampleChartValues(host.latest).size : 0;
  // One less: buckets aligned to the epoch may cut a window into one more than asked.
  return lines === 0 ? points : Math.max(1, Math.min(points, Math.floor(MAX_SERIES_LINE_POINTS / lines) - 1));
}

/** A host's chart lines over a window, within windowPoints, ending where its live stream continues (its run and last seq). */
export function hostWindow(store: HistoryStore, host: HostRecord, query: WindowQuery): SeriesResponse {
  return store.series(host.hostId, { intervalMs: host.intervalMs, ...query, points: windowPoints(host, query.points), runId: host.runId, lastSeq: lastSeqOf(host) });
}
