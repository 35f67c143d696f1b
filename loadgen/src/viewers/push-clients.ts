import WebSocket from 'ws';
import type { LiveServerMessage } from '@hostpulse/protocol';
import { ClientMeter } from '../meter/client-meter.js';
import type { SeqTracker } from '../meter/seq-tracker.js';
import type { ChildRole } from './role.js';
import { createViewersRole } from './viewers-role.js';

/** How a push client reads what it gets: parse and check every update, or only count messages. */
export type PushMode = 'parse' | 'count';

/** Start arguments of a push-clients process. */
export interface PushStartArgs {
  url: string;
  /** Topics each client subscribes to, one list per client. */
  clients: string[][];
  mode: PushMode;
  /** Subscribe with this frame after the socket opens (baseline servers subscribe on open). */
  subscribe: boolean;
  /** Extra upgrade request headers, such as the hub's viewer token. */
  headers?: Record<string, string>;
  /** Samples a host topic's snapshot may carry; the hub's default when unset. */
  snapshotLimit?: number;
}

/** Handles one hub message in parse mode: gaps, staleness and updates. */
function onLiveMessage(meter: ClientMeter, seq: SeqTracker, msg: LiveServerMessage, nowMs: number): void {
  switch (msg.type) {
    case 'snapshot': {
      const last = msg.samples[msg.samples.length - 1];
      if (last) seq.prime(last.hostId, last.runId, last.seq);
      else seq.prime(msg.host.hostId, msg.host.runId, msg.host.lastSeq);
      return;
    }
    case 'sample': {
      const before = seq.counts.received;
      seq.observe(msg.sample.hostId, msg.sample.runId, msg.sample.seq);
      if (seq.counts.received > before) meter.recordUpdate(msg.sample.hubRxMs, nowMs);
      return;
    }
    case 'overview':
      for (const host of msg.hosts) {
        if (!host.metrics) continue;
        if (msg.full) {
          seq.prime(host.hostId, host.runId, host.lastSeq);
          continue;
        }
        const before = seq.counts.received;
        seq.observe(host.hostId, host.runId, host.lastSeq);
        if (seq.counts.received > before) meter.recordUpdate(host.metrics.hubRxMs, nowMs);
      }
      return;
    case 'error':
      meter.errors += 1;
      return;
    case 'welcome':
    case 'host-status':
    case 'stats':
    case 'processes':
    case 'alerts':
    case 'handshake':
      return;
    default: {
      const never: never = msg;
      throw new Error(`unexpected message ${JSON.stringify(never)}`);
    }
  }
}

/** Dashboards in push mode: WebSocket clients subscribed to topics on /live (or a baseline server). */
export function createPushClientsRole(): ChildRole {
  const meter = new ClientMeter();
  const sockets: WebSocket[] = [];
  let open = 0;

  function connect(args: PushStartArgs, topics: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(args.url, { perMessageDeflate: false, headers: args.headers ?? {} });
      const seq = meter.createTracker();
      sockets.push(ws);
      ws.on('upgrade', (res) => meter.trackSocket(res.socket));
      ws.on('open', () => {
        open += 1;
        if (args.subscribe) for (const topic of topics) ws.send(JSON.stringify({ type: 'subscribe', topic, limit: args.snapshotLimit }));
        resolve();
      });
      ws.on('message', (data: Buffer) => {
        meter.frames += 1;
        if (args.mode === 'count') return;
        onLiveMessage(meter, seq, JSON.parse(data.toString('utf8')) as LiveServerMessage, Date.now());
      });
      ws.on('close', (code) => {
        open -= 1;
        meter.recordClose(code);
      });
      ws.on('error', (err) => {
        meter.errors += 1;
        reject(err);
      });
    });
  }

  return createViewersRole<PushStartArgs>('push', {
    meter,
    async start(start) {
      // Connect in small batches so the hub's accept queue is not flooded.
      for (let i = 0; i < start.clients.length; i += 20) {
        await Promise.all(start.clients.slice(i, i + 20).map((topics) => connect(start, topics)));
      }
      return { connected: open };
    },
    stop() {
      for (const ws of sockets) ws.close(1000);
    },
    counts: () => ({ clients: sockets.length, connected: open }),
  });
}
