import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { CLIENT_ID_HEADER, INSPECT_PATH } from '@hostpulse/protocol';
import type { HostsResponse, InspectResponse, OverviewResponse, ProcessesResponse, SamplesResponse, TimeResponse } from '@hostpulse/protocol';
import type { AdminAuth } from '../auth/admin-auth.js';
import type { ApiAccess } from '../auth/api-access.js';
import type { HubCore } from '../core/hub-core.js';
import type { AccessRefusal } from '../auth/live-access.js';
import { hostInfo, latestOfRun } from '../hosts/host-record.js';
import { isNotModified, overviewEtag, parseOverviewQuery, parseSamplesQuery, parseSeriesQuery, processesEtag, samplesEtag, seriesEtag } from './query.js';
import {
  addressText,
  errorReply,
  jsonReply,
  requestWireBytes,
  writePollReply,
  writeReply,
  type Reply,
} from '../http/reply.js';
import { formatMetrics, METRICS_CONTENT_TYPE, type HostMetricsInput } from '../telemetry/prometheus-text.js';
import { readProcessMetrics } from '../telemetry/process-metrics.js';
import { selectSamples } from '../hosts/host-queries.js';
import { replyHead, requestHead } from '../http/wire-inspector.js';

/** A JSON 200 with an ETag, or a bodiless 304 when the client already holds it. */
function conditionalReply(ifNoneMatch: string, etag: string, build: () => unknown): Reply {
  if (isNotModified(ifNoneMatch, etag)) {
    return { status: '304 Not Modified', headers: [['ETag', etag], ['Cache-Control', 'no-cache']], body: null };
  }
  return jsonReply('200 OK', build(), [['ETag', etag]]);
}

/**
 * Wraps a polling route: refuses it with 421 for a host name the hub does not
 * answer to and 401 without the viewer token (when one is set), counts the request (and its client, by the client-id header or else
 * its address) on the poll transport, then writes the reply with CORS headers
 * for configured origins. The whole answer is built and written synchronously,
 * in uWS's corked handler top.
 */
function pollRoute(core: HubCore, access: ApiAccess, handle: (req: HttpRequest) => Reply) {
  return (res: HttpResponse, req: HttpRequest): void => {
    const { refusal, headers: accessHeaders } = access.check(req);
    if (refusal) return refuse(core, res, req, refusal);
    core.load.recordRequest('poll', requestWireBytes(req));
    const clientId = req.getHeader(CLIENT_ID_HEADER) || addressText(res.getRemoteAddressAsText());
    core.load.seePollClient(clientId);
    const nowMs = Date.now();
    const request = core.polls.isWatched(clientId, nowMs) ? requestHead(req) : null;
    const reply = handle(req);
    if (reply.status.startsWith('400')) core.faults.record('badRequest', { url: req.getUrl() });
    const sent = { ...reply, headers: [...reply.headers, ...accessHeaders] };
    writePollReply(res, sent, core.load);
    if (request) core.polls.record(clientId, { tsMs: nowMs, request, response: replyHead(sent, nowMs), bodyBytes: sent.body === null ? 0 : Buffer.byteLength(sent.body) });
  };
}

/** Answers a refused request (unknown host name, no viewer token) and counts it. */
function refuse(core: HubCore, res: HttpResponse, req: HttpRequest, refusal: AccessRefusal): void {
  core.faults.record(refusal.fault, { path: req.getUrl(), remote: addressText(res.getRemoteAddressAsText()) });
  writeReply(res, refusal.reply);
}

function unknownHost(hostId: string): Reply {
  return errorReply('404 Not Found', `no host with id "${hostId}"`);
}

/**
 * Answers DELETE /api/hosts/:id: the admin token forgets an offline host and its
 * history (204); refused without an admin token configured (403) or sent (401),
 * for an unknown host (404) and for one that is online (409).
 */
function deleteHost(core: HubCore, admin: AdminAuth, req: HttpRequest): Reply {
  const refusal = admin.refusal(req.getHeader('authorization'), 'deleting a host');
  if (refusal) return refusal;
  const hostId = req.getParameter(0);
  switch (core.registry.remove(hostId)) {
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

/** Registers the polling API under /api and the Prometheus text at /metrics, both behind `access`. */
export function registerHttpApi(app: TemplatedApp, core: HubCore, access: ApiAccess, admin: AdminAuth): void {
  const { registry } = core;

  app.get('/api/overview', pollRoute(core, access, (req) => {
    const query = parseOverviewQuery(req.getQuery() ?? '');
    if (!query.ok) return errorReply('400 Bad Request', query.message);
    const { overview } = core;
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

  app.get('/api/hosts', pollRoute(core, access, () => {
    const body: HostsResponse = { hosts: registry.all().map(hostInfo) };
    return jsonReply('200 OK', body);
  }));

  app.get('/api/hosts/:id', pollRoute(core, access, (req) => {
    const host = registry.get(req.getParameter(0));
    return host ? jsonReply('200 OK', hostInfo(host)) : unknownHost(req.getParameter(0));
  }));

  app.get('/api/hosts/:id/samples', pollRoute(core, access, (req) => {
    const hostId = req.getParameter(0);
    const query = parseSamplesQuery(req.getQuery() ?? '');
    if (!query.ok) return errorReply('400 Bad Request', query.message);
    const host = registry.get(hostId);
    if (!host) return unknownHost(hostId);
    const lastSeq = latestOfRun(host)?.seq ?? 0;
    return conditionalReply(req.getHeader('if-none-match'), samplesEtag(host.runId, lastSeq, host.online, query.value), () => {
      const body: SamplesResponse = { hostId, runId: host.runId, lastSeq, online: host.online, samples: selectSamples(host, query.value) };
      return body;
    });
  }));

  app.get('/api/hosts/:id/processes', pollRoute(core, access, (req) => {
    const hostId = req.getParameter(0);
    const host = registry.get(hostId);
    if (!host) return unknownHost(hostId);
    const table = core.processes.latest(hostId) ?? null;
    return conditionalReply(req.getHeader('if-none-match'), processesEtag(table, host.online), () => {
      const body: ProcessesResponse = { hostId, online: host.online, table };
      return body;
    });
  }));

  app.get('/api/hosts/:id/series', pollRoute(core, access, (req) => {
    const hostId = req.getParameter(0);
    const query = parseSeriesQuery(req.getQuery() ?? '', Date.now());
    if (!query.ok) return errorReply('400 Bad Request', query.message);
    const host = registry.get(hostId);
    if (!host) return unknownHost(hostId);
    const lastSeq = latestOfRun(host)?.seq ?? 0;
    return conditionalReply(req.getHeader('if-none-match'), seriesEtag(query.value, host.runId, lastSeq), () =>
      core.store.series(hostId, { intervalMs: host.intervalMs, ...query.value, runId: host.runId, lastSeq }),
    );
  }));

  app.del('/api/hosts/:id', (res, req) => {
    writeReply(res, deleteHost(core, admin, req));
  });

  app.get('/api/alerts', pollRoute(core, access, (req) =>
    conditionalReply(req.getHeader('if-none-match'), `"${core.alerting.version}"`, () => core.alerting.response()),
  ));

  app.get('/api/stats', pollRoute(core, access, () => jsonReply('200 OK', core.stats())));

  // A clock probe both transports make, so it is not counted as polling: a push tab
  // measuring its offset would otherwise show up as a poll client.
  app.get('/api/time', (res, req) => {
    const { refusal, headers } = access.check(req);
    if (refusal) return refuse(core, res, req, refusal);
    const body: TimeResponse = { hubTimeMs: Date.now() };
    const reply = jsonReply('200 OK', body);
    writeReply(res, { ...reply, headers: [...reply.headers, ...headers] });
  });

  // A poller's own record, for its wire inspector; not polling, so neither counted nor recorded.
  app.get(INSPECT_PATH, (res, req) => {
    const { refusal, headers } = access.check(req);
    if (refusal) return refuse(core, res, req, refusal);
    const clientId = req.getHeader(CLIENT_ID_HEADER);
    const reply = clientId
      ? jsonReply('200 OK', { clientId, exchanges: core.polls.watch(clientId, Date.now()) } satisfies InspectResponse)
      : errorReply('400 Bad Request', `send the ${CLIENT_ID_HEADER} header your polls carry`);
    writeReply(res, { ...reply, headers: [...reply.headers, ...headers] });
  });

  app.get('/api/*', pollRoute(core, access, (req) => errorReply('404 Not Found', `no API route ${req.getUrl()}`)));

  app.get('/metrics', (res, req) => {
    const { refusal, headers: accessHeaders } = access.check(req);
    if (refusal) return refuse(core, res, req, refusal);
    const hosts = registry.all().map((host): HostMetricsInput => ({
      hostId: host.hostId,
      online: host.online,
      lastSeenMs: host.lastSeenMs,
      inventory: host.inventory,
      latest: latestOfRun(host),
      fs: host.fs,
      temps: host.temps,
      counters: core.counters.of(host.hostId),
    }));
    const body = formatMetrics(core.stats(), registry.samplesTotal, readProcessMetrics(), hosts);
    writeReply(res, { status: '200 OK', headers: [['Content-Type', METRICS_CONTENT_TYPE], ['Cache-Control', 'no-cache'], ...accessHeaders], body });
  });
}
