import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { CLIENT_ID_HEADER, MAX_SAMPLES_RESPONSE_BYTES } from '@hostpulse/protocol';
import type { HostsResponse, InspectResponse, OverviewResponse, ProcessesResponse, SamplesResponse, TimeResponse } from '@hostpulse/protocol';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import { AddressBuckets, SERIES_BUCKET_SHAPE } from '../core/rate-limit.js';
import type { HubReads } from '../core/hub-reads.js';
import type { HostCounters } from '../hosts/host-counters.js';
import { hostInfo, latestOfRun } from '../hosts/host-record.js';
import { hostWindow, lastSeqOf, pageSamples } from '../hosts/host-queries.js';
import type { HostRegistry } from '../hosts/host-registry.js';
import { addressText, errorReply, jsonReply, requestWireBytes, writeReply, type Reply } from '../http/reply.js';
import { replyHead, requestHead } from '../http/wire-inspector.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { LoadAccounting } from '../telemetry/load-accounting.js';
import type { PollInspector } from '../telemetry/poll-inspector.js';
import { readProcessMetrics } from '../telemetry/own-process.js';
import { formatMetrics, METRICS_CONTENT_TYPE, type HostMetricsInput } from '../telemetry/prometheus-text.js';
import { isNotModified, overviewEtag, parseOverviewQuery, parseSamplesQuery, parseSeriesQuery, processesEtag, samplesEtag, seriesEtag } from './query.js';

/** What the polling API reads and counts. */
export interface ApiDeps {
  access: Access;
  reads: HubReads;
  counters: HostCounters;
  load: LoadAccounting;
  faults: FaultCounter;
  polls: PollInspector;
}

/** Writes a poll-transport reply and counts it: a frame when it has a body, a 304 when it is one. */
function writePollReply(res: HttpResponse, reply: Reply, load: LoadAccounting): void {
  const { payloadBytes, wireBytes } = writeReply(res, reply);
  if (reply.body === null) load.recordBodiless('poll', wireBytes, reply.status.startsWith('304'));
  else load.recordFrames('poll', 1, payloadBytes, wireBytes);
}

/** A JSON 200 with an ETag, or a bodiless 304 when the client already holds it. */
function conditionalReply(ifNoneMatch: string, etag: string, build: () => unknown): Reply {
  if (isNotModified(ifNoneMatch, etag)) {
    return { status: '304 Not Modified', headers: [['ETag', etag], ['Cache-Control', 'no-cache']], body: null };
  }
  return jsonReply('200 OK', build(), [['ETag', etag]]);
}

/**
 * A polling route's handler, behind the viewer policy: counts the request (and its
 * client, by the client-id header or else its address) on the poll transport, then
 * writes the reply with the CORS headers access gave. The whole answer is built and
 * written synchronously, in uWS's corked handler top.
 */
function pollRoute(deps: ApiDeps, handle: (req: HttpRequest, res: HttpResponse) => Reply) {
  const { load, polls, faults } = deps;
  return (res: HttpResponse, req: HttpRequest, accessHeaders: [string, string][]): void => {
    load.recordRequest('poll', requestWireBytes(req));
    const clientId = req.getHeader(CLIENT_ID_HEADER) || addressText(res.getRemoteAddressAsText());
    load.seePollClient(clientId);
    const nowMs = Date.now();
    const request = polls.isWatched(clientId, nowMs) ? requestHead(req) : null;
    const reply = handle(req, res);
    if (reply.status.startsWith('400')) faults.record('badRequest', { url: req.getUrl() });
    const sent = { ...reply, headers: [...reply.headers, ...accessHeaders] };
    writePollReply(res, sent, load);
    if (request) polls.record(clientId, { tsMs: nowMs, request, response: replyHead(sent, nowMs), bodyBytes: sent.body === null ? 0 : Buffer.byteLength(sent.body) });
  };
}

/** A reply with the CORS headers access gave. */
function withHeaders(reply: Reply, headers: [string, string][]): Reply {
  return { ...reply, headers: [...reply.headers, ...headers] };
}

function unknownHost(hostId: string): Reply {
  return errorReply('404 Not Found', `no host with id "${hostId}"`);
}

/**
 * Answers DELETE /api/hosts/:id (the admin policy passed): forgets an offline host
 * and its history (204); refused for an unknown host (404) and for one that is online (409).
 */
function deleteHost(registry: HostRegistry, hostId: string): Reply {
  switch (registry.remove(hostId)) {
    case 'unknown':
      return unknownHost(hostId);
    case 'online':
      return errorReply('409 Conflict', `host "${hostId}" is online; stop its agent first, then delete it once it shows offline`);
    case 'removed':
      return { status: '204 No Content', headers: [['Cache-Control', 'no-cache']], body: null };
    default:
      throw new Error('unreachable');
  }
}

/** Registers the polling API under /api and the Prometheus text at /metrics, each behind its policy (auth/routes.ts). */
export function registerHttpApi(app: TemplatedApp, deps: ApiDeps): void {
  const { access, reads, counters, polls, faults } = deps;
  const { registry, overview, processes, alerting, store } = reads;
  const stats = () => reads.stats();
  const poll = (handle: (req: HttpRequest, res: HttpResponse) => Reply) => pollRoute(deps, handle);
  const seriesBudget = new AddressBuckets(SERIES_BUCKET_SHAPE);

  access.route(app, ROUTES.overview, poll((req) => {
    const query = parseOverviewQuery(req.getQuery() ?? '');
    if (!query.ok) return errorReply('400 Bad Request', query.message);
    const answer = query.value.since === undefined ? { kind: 'full' as const } : overview.changedSince(query.value.since);
    if (answer.kind === 'future') {
      return errorReply('400 Bad Request', `query parameter "since" is beyond the current version ${overview.version}`);
    }
    return conditionalReply(req.getHeader('if-none-match'), overviewEtag(overview.version, query.value.since), () => {
      const hubTimeMs = Date.now();
      const body: OverviewResponse = answer.kind === 'full'
        ? { version: overview.version, hubTimeMs, full: true, hosts: overview.fullFrame(hubTimeMs).hosts }
        : { version: overview.version, hubTimeMs, full: false, hosts: overview.summaries(answer.hostIds), ...(answer.removed.length > 0 ? { removed: answer.removed } : {}) };
      return body;
    });
  }));

  access.route(app, ROUTES.hosts, poll(() => {
    const body: HostsResponse = { hosts: registry.all().map((host) => hostInfo(host, registry.forgetOfflineAfterMs)) };
    return jsonReply('200 OK', body);
  }));

  access.route(app, ROUTES.host, poll((req) => {
    const hostId = req.getParameter(0) ?? '';
    const host = registry.get(hostId);
    return host ? jsonReply('200 OK', hostInfo(host, registry.forgetOfflineAfterMs)) : unknownHost(hostId);
  }));

  access.route(app, ROUTES.samples, poll((req) => {
    const hostId = req.getParameter(0) ?? '';
    const query = parseSamplesQuery(req.getQuery() ?? '');
    if (!query.ok) return errorReply('400 Bad Request', query.message);
    const host = registry.get(hostId);
    if (!host) return unknownHost(hostId);
    const lastSeq = lastSeqOf(host);
    return conditionalReply(req.getHeader('if-none-match'), samplesEtag(host.runId, lastSeq, host.online, query.value), () => {
      const empty: SamplesResponse = { hostId, runId: host.runId, lastSeq, online: host.online, samples: [], more: false };
      const page = pageSamples(host, query.value, MAX_SAMPLES_RESPONSE_BYTES - Buffer.byteLength(JSON.stringify(empty)));
      const body: SamplesResponse = { ...empty, ...page };
      return body;
    });
  }));

  access.route(app, ROUTES.processes, poll((req) => {
    const hostId = req.getParameter(0) ?? '';
    const host = registry.get(hostId);
    if (!host) return unknownHost(hostId);
    const table = processes.latest(hostId) ?? null;
    return conditionalReply(req.getHeader('if-none-match'), processesEtag(table, host.online), () => {
      const body: ProcessesResponse = { hostId, online: host.online, table };
      return body;
    });
  }));

  access.route(app, ROUTES.series, poll((req, res) => {
    const hostId = req.getParameter(0) ?? '';
    const query = parseSeriesQuery(req.getQuery() ?? '', Date.now());
    if (!query.ok) return errorReply('400 Bad Request', query.message);
    const host = registry.get(hostId);
    if (!host) return unknownHost(hostId);
    const ifNoneMatch = req.getHeader('if-none-match');
    const etag = seriesEtag(query.value, host.runId, lastSeqOf(host));
    // Only an answer to build spends the client's series budget; one it holds already is free.
    if (!isNotModified(ifNoneMatch, etag)) {
      const remote = access.clientOf(res, req);
      const waitMs = seriesBudget.take(remote, Date.now());
      if (waitMs > 0) {
        faults.record('rateLimited', { path: req.getUrl(), remote });
        const retryAfterSec = Math.ceil(waitMs / 1000);
        return errorReply('429 Too Many Requests', `series asked for faster than ${SERIES_BUCKET_SHAPE.refillPerSec} a second from ${remote}; try again in ${retryAfterSec} s`, [['Retry-After', String(retryAfterSec)]]);
      }
    }
    return conditionalReply(ifNoneMatch, etag, () => hostWindow(store, host, query.value));
  }));

  access.route(app, ROUTES.deleteHost, (res, req) => {
    writeReply(res, deleteHost(registry, req.getParameter(0) ?? ''));
  });

  access.route(app, ROUTES.alerts, poll((req) =>
    conditionalReply(req.getHeader('if-none-match'), `"${alerting.version}"`, () => alerting.response()),
  ));

  access.route(app, ROUTES.stats, poll(() => jsonReply('200 OK', stats())));

  // A clock probe both transports make, so it is not counted as polling: a push tab
  // measuring its offset would otherwise show up as a poll client.
  access.route(app, ROUTES.time, (res, _req, headers) => {
    const body: TimeResponse = { hubTimeMs: Date.now() };
    writeReply(res, withHeaders(jsonReply('200 OK', body), headers));
  });

  // A poller's own record, for its wire inspector; not polling, so neither counted nor recorded.
  access.route(app, ROUTES.inspect, (res, req, headers) => {
    const clientId = req.getHeader(CLIENT_ID_HEADER);
    const reply = clientId
      ? jsonReply('200 OK', { clientId, exchanges: polls.watch(clientId, Date.now()) } satisfies InspectResponse)
      : errorReply('400 Bad Request', `send the ${CLIENT_ID_HEADER} header your polls carry`);
    writeReply(res, withHeaders(reply, headers));
  });

  access.route(app, ROUTES.unknownApi, poll((req) => errorReply('404 Not Found', `no API route ${req.getUrl()}`)));

  access.route(app, ROUTES.metrics, (res, _req, headers) => {
    const hosts = registry.all().map((host): HostMetricsInput => ({
      hostId: host.hostId,
      online: host.online,
      lastSeenMs: host.lastSeenMs,
      inventory: host.inventory,
      latest: latestOfRun(host),
      fs: host.fs,
      temps: host.temps,
      counters: counters.of(host.hostId),
    }));
    const body = formatMetrics(stats(), registry.samplesTotal, readProcessMetrics(), hosts);
    writeReply(res, { status: '200 OK', headers: [['Content-Type', METRICS_CONTENT_TYPE], ['Cache-Control', 'no-cache'], ...headers], body });
  });

  const preflight = (res: HttpResponse, req: HttpRequest): void => {
    writeReply(res, access.preflight(req.getHeader('origin'), req.getHeader('access-control-request-method')));
  };
  access.route(app, ROUTES.apiPreflight, preflight);
  access.route(app, ROUTES.metricsPreflight, preflight);
}
