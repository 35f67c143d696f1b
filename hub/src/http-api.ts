import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { CLIENT_ID_HEADER } from '@hostpulse/protocol';
import type { HostsResponse, OverviewResponse, ProcessesResponse, SamplesResponse, TimeResponse } from '@hostpulse/protocol';
import type { ApiAccess } from './api-access.js';
import type { HubCore } from './hub-core.js';
import { hostInfo, latestOfRun } from './host-record.js';
import { isNotModified, overviewEtag, parseOverviewQuery, parseSamplesQuery, processesEtag, samplesEtag } from './http-query.js';
import {
  addressText,
  errorReply,
  jsonReply,
  requestWireBytes,
  writePollReply,
  writeReply,
  type Reply,
} from './http-respond.js';
import { formatMetrics, METRICS_CONTENT_TYPE } from './metrics-text.js';
import { selectSamples } from './sample-query.js';

/** A JSON 200 with an ETag, or a bodiless 304 when the client already holds it. */
function conditionalReply(ifNoneMatch: string, etag: string, build: () => unknown): Reply {
  if (isNotModified(ifNoneMatch, etag)) {
    return { status: '304 Not Modified', headers: [['ETag', etag], ['Cache-Control', 'no-cache']], body: null };
  }
  return jsonReply('200 OK', build(), [['ETag', etag]]);
}

/**
 * Wraps a polling route: refuses it with 401 without the viewer token (when one
 * is set), counts the request (and its client, by the client-id header or else
 * its address) on the poll transport, then writes the reply with CORS headers
 * for configured origins. The whole answer is built and written synchronously,
 * in uWS's corked handler top.
 */
function pollRoute(core: HubCore, access: ApiAccess, handle: (req: HttpRequest) => Reply) {
  return (res: HttpResponse, req: HttpRequest): void => {
    const { refusal, headers: accessHeaders } = access.check(req);
    if (refusal) return refuse(core, res, req, refusal);
    core.load.recordRequest('poll', requestWireBytes(req));
    core.load.seePollClient(req.getHeader(CLIENT_ID_HEADER) || addressText(res.getRemoteAddressAsText()));
    const reply = handle(req);
    if (reply.status.startsWith('400')) core.faults.record('badRequest', { url: req.getUrl() });
    writePollReply(res, { ...reply, headers: [...reply.headers, ...accessHeaders] }, core.load);
  };
}

/** Answers a request without the viewer token with 401 and counts it. */
function refuse(core: HubCore, res: HttpResponse, req: HttpRequest, refusal: Reply): void {
  core.faults.record('unauthorized', { path: req.getUrl(), remote: addressText(res.getRemoteAddressAsText()) });
  writeReply(res, refusal);
}

function unknownHost(hostId: string): Reply {
  return errorReply('404 Not Found', `no host with id "${hostId}"`);
}

/** Registers the polling API under /api and the Prometheus text at /metrics, both behind `access`. */
export function registerHttpApi(app: TemplatedApp, core: HubCore, access: ApiAccess): void {
  const { registry } = core;

  app.get('/api/overview', pollRoute(core, access, (req) => {
    const query = parseOverviewQuery(req.getQuery() ?? '');
    if (!query.ok) return errorReply('400 Bad Request', query.message);
    const { overview } = core;
    const answer = query.value.since === undefined ? { kind: 'full' as const } : overview.changedSince(query.value.since);
    if (answer.kind === 'future') {
      return errorReply('400 Bad Request', `query parameter "since" is beyond the current version ${overview.version}`);
    }
    return conditionalReply(req.getHeader('if-none-match'), overviewEtag(overview.version), () => {
      const hubTimeMs = Date.now();
      const body: OverviewResponse = answer.kind === 'full'
        ? { version: overview.version, hubTimeMs, full: true, hosts: overview.fullFrame(hubTimeMs).hosts }
        : { version: overview.version, hubTimeMs, full: false, hosts: overview.summaries(answer.hostIds) };
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
    return conditionalReply(req.getHeader('if-none-match'), samplesEtag(host.runId, lastSeq, host.online), () => {
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

  app.get('/api/*', pollRoute(core, access, (req) => errorReply('404 Not Found', `no API route ${req.getUrl()}`)));

  app.get('/metrics', (res, req) => {
    const { refusal, headers: accessHeaders } = access.check(req);
    if (refusal) return refuse(core, res, req, refusal);
    const hosts = registry.all().map((host) => ({
      hostId: host.hostId,
      online: host.online,
      lastSeenMs: host.lastSeenMs,
      latest: latestOfRun(host),
    }));
    const body = formatMetrics(core.stats(), hosts);
    writeReply(res, { status: '200 OK', headers: [['Content-Type', METRICS_CONTENT_TYPE], ['Cache-Control', 'no-cache'], ...accessHeaders], body });
  });
}
