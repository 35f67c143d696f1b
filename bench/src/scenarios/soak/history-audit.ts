import { CLIENT_ID_HEADER, MAX_SAMPLES_LIMIT, type SamplesResponse } from '@hostpulse/protocol';
import { viewerHeaders } from '../../kit/hub-process.js';
import { seqKey } from './lost-samples.js';

/** Hosts read at once per audit round. */
const CONCURRENCY = 10;

/**
 * Reads every host's history from /api/hosts/:id/samples often enough that nothing
 * ages out of the hub's window between two reads, and keeps each (run, seq) seen:
 * the record of what the hub stored. After the first read of a host it asks only
 * for samples after the last seq of the run it knows; when the run changed, the hub
 * answers with everything it holds, so the end of the old run is read too.
 */
export class HistoryAudit {
  /** (run, seq) keys the hub was seen to hold, per host id. */
  readonly held = new Map<string, Set<string>>();
  private readonly position = new Map<string, { runId: string; lastSeq: number }>();
  errors = 0;
  requests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly hostIds: readonly string[],
    private readonly viewerToken?: string,
  ) {}

  /** One round over every host. */
  async round(): Promise<void> {
    for (let i = 0; i < this.hostIds.length; i += CONCURRENCY) {
      await Promise.all(this.hostIds.slice(i, i + CONCURRENCY).map((id) => this.readHost(id)));
    }
  }

  private async readHost(hostId: string): Promise<void> {
    const url = new URL(`/api/hosts/${encodeURIComponent(hostId)}/samples`, this.baseUrl);
    url.searchParams.set('limit', String(MAX_SAMPLES_LIMIT));
    const at = this.position.get(hostId);
    if (at) {
      url.searchParams.set('run', at.runId);
      url.searchParams.set('after', String(at.lastSeq));
    }
    this.requests += 1;
    try {
      const res = await fetch(url, { headers: { [CLIENT_ID_HEADER]: 'bench-soak-audit', ...viewerHeaders(this.viewerToken) } });
      // 404: the host has not said hello yet.
      if (res.status === 404) return void (await res.body?.cancel());
      if (!res.ok) {
        this.errors += 1;
        return void (await res.body?.cancel());
      }
      const body = (await res.json()) as SamplesResponse;
      let set = this.held.get(hostId);
      if (!set) this.held.set(hostId, (set = new Set()));
      for (const s of body.samples) set.add(seqKey(s.runId, s.seq));
      // An answer with `more` ends before lastSeq: the next round goes on after its last sample.
      const last = body.more === true ? body.samples.at(-1) : undefined;
      this.position.set(hostId, last ? { runId: last.runId, lastSeq: last.seq } : { runId: body.runId, lastSeq: body.lastSeq });
    } catch {
      this.errors += 1;
    }
  }
}
