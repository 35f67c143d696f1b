import type { AlertsResponse, HostInfo, HubStats, OverviewResponse, ProcessesResponse, SamplesResponse, SeriesResponse } from '@hostpulse/protocol';
import { HubRequestError, hubFetch, requestError, responseHeaderBytes } from './hub-requests.js';
import { RESUME_LIMIT, backoffMs, type Transport, type TransportContext, type Watch } from './transport.js';

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

/**
 * Poll: once per interval, GET what is watched with If-None-Match, so a hub with
 * nothing new answers 304 with no body. The overview is asked `since` the version
 * held, so only changed hosts come back. A host's window is asked once from
 * /series; then its samples with `run` and `after` from the cursor, so a switch
 * from push continues where it stopped, and again at once while an answer says `more`. On errors it keeps trying with a growing delay.
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
  // The host whose window this transport loaded, and whether it must load it again.
  let windowLoadedFor: string | null = null;
  let windowWanted = false;
  let errors = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  /** GET a JSON body; null on 304. The ETag is kept under `etagKey` when one is given. */
  async function getJson<T>(path: string, etagKey?: string): Promise<T | null> {
    const etag = etagKey === undefined ? undefined : etags.get(etagKey);
    const res = await hubFetch(context.baseUrl, path, { clientId: context.clientId, ...(etag !== undefined ? { etag } : {}) });
    // Read even a 304's empty body: a response whose body is never read is cancelled when
    // it is dropped, so each 304 would show in DevTools as a failed, cancelled request.
    const body = await res.text();
    if (stopped) return null;
    events.traffic(responseHeaderBytes(res) + body.length, 1);
    if (res.status === 304) return null;
    if (!res.ok) throw requestError(`GET ${path}`, res, body);
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
      if (since === undefined || !(error instanceof HubRequestError && error.status === 400)) throw error;
      overviewVersion = undefined;
      etags.delete('overview');
      return pollOverview();
    }
    if (body === null || stopped) return;
    overviewVersion = body.version;
    events.overview({ full: body.full, version: body.version, hubTimeMs: body.hubTimeMs, hosts: body.hosts, removed: body.removed ?? [] });
  }

  async function pollStats(): Promise<void> {
    // The hub updates its stats once a second; asking faster would only add requests.
    if (performance.now() - statsAskedAtMs < STATS_EVERY_MS - 50) return;
    statsAskedAtMs = performance.now();
    const body = await getJson<HubStats>('/api/stats');
    if (body) events.stats(body);
  }

  /** The alerts change rarely: with the ETag, nearly every answer is a bodiless 304. */
  async function pollAlerts(): Promise<void> {
    const body = await getJson<AlertsResponse>('/api/alerts', 'alerts');
    if (body === null || stopped) return;
    const { current, past, ...rest } = body;
    events.alerts({ ...rest, full: true, alerts: [...current, ...past] });
  }

  async function pollHost(host: NonNullable<Watch['host']>): Promise<void> {
    const { hostId } = host;
    const id = encodeURIComponent(hostId);
    if (infoLoadedFor !== hostId) {
      if (performance.now() < unknownRetryAtMs) return;
      let info: HostInfo | null;
      try {
        info = await getJson<HostInfo>(`/api/hosts/${id}`);
      } catch (error) {
        // An unknown host is an answer, not a failure: keep polling everything else at full speed.
        if (!(error instanceof HubRequestError && error.status === 404)) throw error;
        events.hostUnknown(hostId);
        unknownRetryAtMs = performance.now() + UNKNOWN_HOST_RETRY_MS;
        return;
      }
      if (info === null) return;
      infoLoadedFor = hostId;
      events.hostInfo(info);
    }
    await Promise.all([pollWindow(host), pollProcesses(hostId)]);
  }

  async function pollProcesses(hostId: string): Promise<void> {
    if (performance.now() - processesAskedAtMs < PROCESSES_EVERY_MS - 50) return;
    processesAskedAtMs = performance.now();
    const body = await getJson<ProcessesResponse>(`/api/hosts/${encodeURIComponent(hostId)}/processes`, `processes:${hostId}`);
    if (body?.table && !stopped) events.processes(body.table);
  }

  /** The host's window once, then the samples after the cursor. */
  async function pollWindow(host: NonNullable<Watch['host']>): Promise<void> {
    const { hostId } = host;
    const id = encodeURIComponent(hostId);
    const cursor = context.cursorOf(hostId);
    if (windowWanted || (cursor === undefined && windowLoadedFor !== hostId)) {
      // Taken before the request, so a window change while it is in flight is not lost.
      windowWanted = false;
      const toMs = Math.round(context.hubNowMs());
      let series: SeriesResponse | null;
      try {
        series = await getJson<SeriesResponse>(`/api/hosts/${id}/series?from=${toMs - host.windowMs}&to=${toMs}&points=${host.points}`);
      } catch (error) {
        windowWanted = true;
        throw error;
      }
      if (series === null || stopped) return;
      windowLoadedFor = hostId;
      events.series(hostId, series);
      return;
    }
    await pollSamples(hostId);
  }

  /**
   * After the window (or a swap from push), only the samples after the cursor; an
   * empty window has none, so ask for the recent ones. An answer with `more` held
   * only the oldest that fit: ask again at once from the cursor it moved.
   */
  async function pollSamples(hostId: string): Promise<void> {
    const id = encodeURIComponent(hostId);
    for (let more = true; more; ) {
      const cursor = context.cursorOf(hostId);
      const query = cursor ? `run=${encodeURIComponent(cursor.runId)}&after=${cursor.lastSeq}&limit=${RESUME_LIMIT}` : `limit=${RESUME_LIMIT}`;
      const body = await getJson<SamplesResponse>(`/api/hosts/${id}/samples?${query}`, cursor ? `samples:${hostId}` : undefined);
      if (body === null || stopped) return;
      events.samples(hostId, body.samples);
      more = body.more === true && body.samples.length > 0 && watch.host?.hostId === hostId;
    }
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    const startedMs = performance.now();
    const jobs: Promise<void>[] = [];
    if (watch.overview) jobs.push(pollOverview());
    if (watch.stats) jobs.push(pollStats());
    if (watch.alerts) jobs.push(pollAlerts());
    if (watch.host) jobs.push(pollHost(watch.host));
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
        windowLoadedFor = null;
        windowWanted = false;
      }
      watch = next;
    },
    loadWindow(hostId) {
      if (watch.host?.hostId === hostId) windowWanted = true;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
