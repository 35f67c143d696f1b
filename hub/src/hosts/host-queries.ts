import type { HostSample } from '@hostpulse/protocol';
import type { HostRecord } from './host-record.js';

/** Which samples a poll or a snapshot asks for. */
export interface SampleQuery {
  /** The run the client holds samples of; `afterSeq` applies only when it is the host's current run. */
  runId?: string | undefined;
  afterSeq: number;
  limit: number;
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
