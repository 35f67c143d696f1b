import { CLIENT_ID_HEADER } from '@hostpulse/protocol';
import type { HostInfo, HubStats, OverviewResponse, ProcessesResponse, SamplesResponse } from '@hostpulse/protocol';
import { backoffMs, hubUrl, type Transport, type TransportContext, type Watch } from './transport.js';

/** Options of the poll transport. */
export interface PollOptions {
  intervalMs?: number;
  /** Longest wait between attempts while the hub does not answer. */
  retryMaxMs?: number;
}

/** The hub's stats change once a second. */
const STATS_EVERY_MS = 1000;

/**
 * Agents send a process table every few seconds (5 s by default): asking once a
 * second, with an ETag, shows a new one within a second and costs a 304 otherwise.
 */
const PROCESSES_EVERY_MS = 1000;

/** How long an unknown host waits before it is asked for again. */
const UNKNOWN_HOST_RETRY_MS = 5000;

/** Thrown when the hub answers a poll with an error status. */
class PollError extends Error {
  override name = 'PollError';
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** Rough size of a response's status line and headers, as the browser lets a page see them. */
function headerBytes(res: Response): number {
  let bytes = 17; // "HTTP/1.1 200 OK\r\n"
  res.headers.forEach((value, name) => {
    bytes += name.length + value.length + 4;
  });
  return bytes + 2;
}

/**
 * Poll: once per interval, GET what is watched with If-None-Match, so a hub with
 * nothing new answers 304 with no body. The overview is asked `since` the version
 * held, so only changed hosts come back. Samples are asked for with `run` and
 * `after` from the cursor, so a switch from push continues where it stopped. On
 * errors it keeps trying with a growing delay.
 */
export function createPollTransport(context: TransportContext, options: PollOptions = {}): Transport {
  const { intervalMs = 1000, retryMaxMs = 30_000 } = options;
  const { events } = context;
  let watch: Watch = { overview: false, stats: false, host: null };
  const etags = new Map<string, string>();
  // The overview version last applied; undefined asks for a full answer.
  let overviewVersion: number | undefined;
  let infoLoadedFor: string | null = null;
  let statsAskedAtMs = Number.NEGATIVE_INFINITY;
  let processesAskedAtMs = Number.NEGATIVE_INFINITY;
  // After a 404 the host is asked for again only now and then, not on every tick.
  let unknownRetryAtMs = 0;
  let historyWanted = false;
  let errors = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  /** GET a JSON body; null on 304. The ETag is kept under `etagKey` when one is given. */
  async function getJson<T>(path: string, etagKey?: string): Promise<T | null> {
    const headers: Record<string, string> = { [CLIENT_ID_HEADER]: context.clientId };
    const etag = etagKey === undefined ? undefined : etags.get(etagKey);
    if (etag !== undefined) headers['if-none-match'] = etag;
    const res = await fetch(hubUrl(context.baseUrl, path), { headers, cache: 'no-store' });
    const body = res.status === 304 ? '' : await res.text();
    if (stopped) return null;
    events.traffic(headerBytes(res) + body.length, 1);
    if (res.status === 304) return null;
    if (!res.ok) throw new PollError(`GET ${path} answered ${res.status}`, res.status);
    const tag = res.headers.get('etag');
    if (etagKey !== undefined && tag !== null) etags.set(etagKey, tag);
    return JSON.parse(body) as T;
  }

  /**
   * The first answer is full; later ones ask `since` the version held, so the hub
   * sends only the changed hosts, merged like push deltas. A version from before a
   * hub restart is answered in full; a 400 means the hub never handed it out (a
   * restarted hub whose clock went back): ask in full again at once.
   */
  async function pollOverview(): Promise<void> {
    const since = overviewVersion;
    let body: OverviewResponse | null;
    try {
      body = await getJson<OverviewResponse>(since === undefined ? '/api/overview' : `/api/overview?since=${since}`, 'overview');
    } catch (error) {
      if (since === undefined || !(error instanceof PollError && error.status === 400)) throw error;
      overviewVersion = undefined;
      etags.delete('overview');
      return pollOverview();
    }
    if (body === null || stopped) return;
    overviewVersion = body.version;
    events.overview({ full: body.full, version: body.version, hubTimeMs: body.hubTimeMs, hosts: body.hosts });
  }

  async function pollStats(): Promise<void> {
    // The hub updates its stats once a second; asking faster would only add requests.
    if (performance.now() - statsAskedAtMs < STATS_EVERY_MS - 50) return;
    statsAskedAtMs = performance.now();
    const body = await getJson<HubStats>('/api/stats');
    if (body) events.stats(body);
  }

  async function pollHost(hostId: string, limit: number): Promise<void> {
    const id = encodeURIComponent(hostId);
    if (infoLoadedFor !== hostId) {
      if (performance.now() < unknownRetryAtMs) return;
      let info: HostInfo | null;
      try {
        info = await getJson<HostInfo>(`/api/hosts/${id}`);
      } catch (error) {
        // An unknown host is an answer, not a failure: keep polling everything else at full speed.
        if (!(error instanceof PollError && error.status === 404)) throw error;
        events.hostUnknown(hostId);
        unknownRetryAtMs = performance.now() + UNKNOWN_HOST_RETRY_MS;
        return;
      }
      if (info === null) return;
      infoLoadedFor = hostId;
      events.hostInfo(info);
    }
    await Promise.all([pollSamples(hostId, limit), pollProcesses(hostId)]);
  }

  async function pollProcesses(hostId: string): Promise<void> {
    if (performance.now() - processesAskedAtMs < PROCESSES_EVERY_MS - 50) return;
    processesAskedAtMs = performance.now();
    const body = await getJson<ProcessesResponse>(`/api/hosts/${encodeURIComponent(hostId)}/processes`, `processes:${hostId}`);
    if (body?.table && !stopped) events.processes(body.table);
  }

  async function pollSamples(hostId: string, limit: number): Promise<void> {
    const id = encodeURIComponent(hostId);
    // Taken before the request, so a window change while it is in flight is not lost.
    const wantsHistory = historyWanted;
    historyWanted = false;
    const cursor = wantsHistory ? undefined : context.cursorOf(hostId);
    const query = cursor ? `run=${encodeURIComponent(cursor.runId)}&after=${cursor.lastSeq}&limit=${limit}` : `limit=${limit}`;
    // A history request must not be answered 304: the client lacks the older samples.
    let body: SamplesResponse | null;
    try {
      body = await getJson<SamplesResponse>(`/api/hosts/${id}/samples?${query}`, cursor ? `samples:${hostId}` : undefined);
    } catch (error) {
      historyWanted ||= wantsHistory;
      throw error;
    }
    if (body === null || stopped) return;
    // Another run than the cursor's: the hub sent all it holds, which may overlap.
    events.samples(hostId, body.samples, cursor === undefined || body.runId !== cursor.runId);
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    const startedMs = performance.now();
    const jobs: Promise<void>[] = [];
    if (watch.overview) jobs.push(pollOverview());
    if (watch.stats) jobs.push(pollStats());
    if (watch.host) jobs.push(pollHost(watch.host.hostId, watch.host.limit));
    try {
      await Promise.all(jobs);
      if (stopped) return;
      errors = 0;
      events.connection('live');
    } catch (error) {
      if (stopped) return;
      errors += 1;
      events.connection('retrying', error instanceof Error ? error.message : String(error));
    }
    const delayMs = errors > 0 ? backoffMs(errors - 1, Math.max(intervalMs, 500), retryMaxMs) : Math.max(0, intervalMs - (performance.now() - startedMs));
    timer = setTimeout(() => void tick(), delayMs);
  }

  return {
    mode: 'poll',
    start(initial) {
      watch = initial;
      events.connection('connecting');
      void tick();
    },
    setWatch(next) {
      // Like a push resubscription, watching the overview again starts from a full answer.
      if (next.overview && !watch.overview) {
        overviewVersion = undefined;
        etags.delete('overview');
      }
      if (next.host?.hostId !== watch.host?.hostId) {
        infoLoadedFor = null;
        // The page forgets a host's table when it leaves it: coming back must not be answered 304.
        processesAskedAtMs = Number.NEGATIVE_INFINITY;
        if (next.host) etags.delete(`processes:${next.host.hostId}`);
        unknownRetryAtMs = 0;
        historyWanted = false;
      }
      watch = next;
    },
    loadHistory(hostId, limit) {
      if (watch.host?.hostId !== hostId) return;
      watch = { ...watch, host: { hostId, limit } };
      historyWanted = true;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
