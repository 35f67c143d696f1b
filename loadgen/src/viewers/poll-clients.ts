import http from 'node:http';
import { CLIENT_ID_HEADER, type OverviewResponse, type SamplesResponse } from '@hostpulse/protocol';
import { ClientMeter } from '../meter/client-meter.js';
import type { ChildRole } from './role.js';
import { createViewersRole } from './viewers-role.js';

/** One polling client: what it asks for. `hosts` empty means it polls the overview. */
export interface PollClientSpec {
  clientId: string;
  hosts: string[];
}

/** Start arguments of a poll-clients process. */
export interface PollStartArgs {
  /** Base URL of the hub, such as http://127.0.0.1:18400. */
  baseUrl: string;
  clients: PollClientSpec[];
  intervalMs: number;
  /** Extra headers on every request, such as the hub's viewer token. */
  headers?: Record<string, string>;
}

interface Response {
  status: number;
  etag: string | undefined;
  body: string;
}

/** One keep-alive GET; resolves with status, ETag and body. */
function get(agent: http.Agent, meter: ClientMeter, url: URL, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const etag = res.headers.etag;
        resolve({ status: res.statusCode ?? 0, etag, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('socket', (socket) => meter.trackSocket(socket));
    req.setTimeout(10_000, () => req.destroy(new Error('poll timed out')));
    req.on('error', reject);
  });
}

/**
 * Dashboards in poll mode: each client has its own keep-alive connection and polls
 * every interval with If-None-Match, asking for samples `after` the last seq it holds
 * (and again at once while an answer says `more`),
 * or for the overview hosts changed `since` the version it holds.
 */
export function createPollClientsRole(): ChildRole {
  const meter = new ClientMeter();
  const agents: http.Agent[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let intervalMs = 1000;
  let stopped = false;
  let clientCount = 0;

  /** Polls one target (a host's samples, or the overview) forever on a fixed schedule. */
  function runPoller(baseUrl: string, clientId: string, hostId: string | null, agent: http.Agent, extraHeaders: Record<string, string>): Promise<void> {
    let etag: string | undefined;
    let runId: string | undefined;
    let lastSeq = 0;
    // The overview version held: later polls ask only for the hosts changed since it.
    let version: number | undefined;
    let primed = false;
    const known = new Map<string, { runId: string; seq: number }>();
    const seq = meter.createTracker();

    const pollOnce = async (): Promise<void> => {
      const url = new URL(hostId ? `/api/hosts/${hostId}/samples` : '/api/overview', baseUrl);
      if (hostId && primed && runId) {
        url.searchParams.set('run', runId);
        url.searchParams.set('after', String(lastSeq));
      } else if (hostId) url.searchParams.set('limit', '1');
      else if (version !== undefined) url.searchParams.set('since', String(version));
      const headers: Record<string, string> = { ...extraHeaders, [CLIENT_ID_HEADER]: clientId };
      if (etag) headers['if-none-match'] = etag;
      meter.requests += 1;
      const res = await get(agent, meter, url, headers);
      const nowMs = Date.now();
      if (res.status === 304) {
        meter.notModified += 1;
        return;
      }
      if (res.status !== 200) {
        meter.errors += 1;
        // A since the hub refuses: ask in full next time, as the dashboard does.
        if (!hostId && res.status === 400) [version, etag] = [undefined, undefined];
        return;
      }
      meter.frames += 1;
      etag = res.etag;
      if (hostId) {
        const body = JSON.parse(res.body) as SamplesResponse;
        for (const s of body.samples) {
          if (!primed) continue;
          seq.observe(s.hostId, s.runId, s.seq);
          meter.recordUpdate(s.hubRxMs, nowMs);
        }
        if (!primed || body.runId !== runId) seq.prime(body.hostId, body.runId, body.lastSeq);
        runId = body.runId;
        primed = true;
        // An answer with `more` held only the oldest samples that fit: go on after its last at once.
        const partial = body.more === true && body.samples.length > 0;
        lastSeq = partial ? body.samples.at(-1)!.seq : body.lastSeq;
        if (partial) return pollOnce();
        return;
      }
      const body = JSON.parse(res.body) as OverviewResponse;
      version = body.version;
      for (const host of body.hosts) {
        if (!host.metrics) continue;
        const prev = known.get(host.hostId);
        known.set(host.hostId, { runId: host.runId, seq: host.lastSeq });
        if (!primed) seq.prime(host.hostId, host.runId, host.lastSeq);
        else if (!prev || prev.runId !== host.runId || prev.seq !== host.lastSeq) {
          seq.observe(host.hostId, host.runId, host.lastSeq);
          meter.recordUpdate(host.metrics.hubRxMs, nowMs);
        }
      }
      primed = true;
    };

    let nextMs = 0;
    const schedule = (): void => {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        pollOnce()
          .catch(() => {
            meter.errors += 1;
          })
          .finally(() => {
            // A fixed schedule like a browser's setInterval: a tick missed while a slow answer
            // was in flight is skipped, not made up with a burst.
            nextMs += intervalMs;
            while (nextMs <= Date.now()) nextMs += intervalMs;
            schedule();
          });
      }, Math.max(0, nextMs - Date.now()));
      timers.add(timer);
    };
    return pollOnce().then(() => {
      // Clients start at random points of the interval, as independent browsers would.
      nextMs = Date.now() + Math.random() * intervalMs;
      schedule();
    });
  }

  return createViewersRole<PollStartArgs>('poll', {
    meter,
    async start(start) {
      intervalMs = start.intervalMs;
      clientCount = start.clients.length;
      const first: Promise<void>[] = [];
      for (const client of start.clients) {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        agents.push(agent);
        const targets = client.hosts.length > 0 ? client.hosts : [null];
        for (const hostId of targets) first.push(runPoller(start.baseUrl, client.clientId, hostId, agent, start.headers ?? {}));
      }
      await Promise.all(first);
      return { clients: clientCount };
    },
    rate(nextIntervalMs) {
      intervalMs = nextIntervalMs;
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const agent of agents) agent.destroy();
    },
    counts: () => ({ clients: clientCount, connected: stopped ? 0 : clientCount }),
  });
}
