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
 * `afterSeq` when `runId` names the current run, otherwise everything the hub holds
 * (across runs). When more match than `limit`, the newest `limit`.
 */
export function selectSamples(host: HostRecord, query: SampleQuery): HostSample[] {
  const ring = host.samples;
  let from = 0;
  if (query.runId === host.runId) {
    // Samples are ordered by seq within the run at the ring's tail: walk back to the first one after afterSeq.
    from = ring.size;
    while (from > 0) {
      const sample = ring.at(from - 1)!;
      if (sample.runId !== host.runId || sample.seq <= query.afterSeq) break;
      from--;
    }
  }
  return ring.slice(Math.max(from, ring.size - query.limit), ring.size);
}
