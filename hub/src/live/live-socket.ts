import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import { CloseCode, DEFAULT_SERIES_POINTS, LIVE_PATH, MAX_MESSAGE_BYTES, MAX_SERIES_POINTS, MAX_WINDOW_LOAD_BYTES, PROTOCOL_VERSION, parseTopic } from '@hostpulse/protocol';
import type { Snapshot, Subscribe } from '@hostpulse/protocol';
import { parseLiveClientMessage } from '@hostpulse/protocol/validate';
import type { Access } from '../auth/access.js';
import { ROUTES } from '../auth/routes.js';
import type { HubReads } from '../core/hub-reads.js';
import { LIVE_BUCKET_SHAPE, TokenBucket } from '../core/rate-limit.js';
import { capSamplesLimit, hostWindow, newestSamplesWithin } from '../hosts/host-queries.js';
import { hostInfo, type HostRecord } from '../hosts/host-record.js';
import type { HistoryStore } from '../store/history-store.js';
import { requestHead, upgradeResponseHead } from '../http/wire-inspector.js';
import { wsFrameHeaderBytes } from '../http/wire-size.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { LoadAccounting } from '../telemetry/load-accounting.js';
import { closeReason, isTooBigClose } from '../uws/ws-close.js';
import { OverviewSnapshots } from './overview-snapshot.js';
import { LIVE_MAX_BACKPRESSURE, sendLive, sendLiveText, type LiveData, type LiveSockets, type LiveTopics } from './push-send.js';

/** What WebSocket /live reads and counts. */
export interface LiveDeps {
  access: Access;
  reads: HubReads;
  load: LoadAccounting;
  faults: FaultCounter;
  sockets: LiveSockets;
  subscriptions: LiveTopics;
}

/**
 * A dashboard with this much waiting is closed with slowClientDropped by the
 * hub's sweep. It is half the backpressure limit, so a socket is normally dropped
 * before uWS starts skipping publishes to it: a slow reader never stalls anyone
 * else and is not left silently missing samples.
 */
export const SLOW_CLIENT_BUFFERED_BYTES = LIVE_MAX_BACKPRESSURE / 2;
// Dashboards get a frame at least once a second while subscribed; pings cover idle ones.
const LIVE_IDLE_TIMEOUT_SEC = 60;

/** Subscribes the socket to a topic, in uWS and in `subscriptions`. */
function join(ws: WebSocket<LiveData>, topic: string, subscriptions: LiveTopics): void {
  ws.subscribe(topic);
  ws.getUserData().topics.add(topic);
  subscriptions.add(topic, ws);
}

/**
 * The first answer to a host subscription, within MAX_WINDOW_LOAD_BYTES: the
 * window's chart lines when it names one (and is not resuming a run), else the
 * samples asked for, the newest that fit.
 */
function hostSnapshot(store: HistoryStore, host: HostRecord, msg: Subscribe, forgetOfflineAfterMs: number | undefined): Snapshot {
  const base: Snapshot = { type: 'snapshot', topic: msg.topic, host: hostInfo(host, forgetOfflineAfterMs), samples: [] };
  const room = MAX_WINDOW_LOAD_BYTES - Buffer.byteLength(JSON.stringify(base)) - 64;
  if (msg.windowMs !== undefined && msg.runId !== host.runId) {
    const toMs = Date.now();
    const points = Math.min(msg.points ?? DEFAULT_SERIES_POINTS, MAX_SERIES_POINTS);
    return { ...base, series: hostWindow(store, host, { fromMs: toMs - msg.windowMs, toMs, points, maxBytes: room }) };
  }
  return { ...base, samples: newestSamplesWithin(host, { runId: msg.runId, afterSeq: msg.afterSeq ?? 0, limit: capSamplesLimit(msg.limit) }, room) };
}

function subscribe(deps: LiveDeps, overviews: OverviewSnapshots, ws: WebSocket<LiveData>, msg: Subscribe): void {
  const { load, reads, subscriptions } = deps;
  const { registry, processes, alerting } = reads;
  const topic = parseTopic(msg.topic);
  if (!topic) return sendLive(load, ws, { type: 'error', message: `unknown topic "${msg.topic}"`, topic: msg.topic });
  // The socket already follows the topic: its snapshot came, and every frame since. A host
  // topic is the exception: subscribing again with another window is how a window reloads.
  if (topic.kind !== 'host' && ws.getUserData().topics.has(msg.topic)) return;
  switch (topic.kind) {
    case 'host': {
      const host = registry.get(topic.hostId);
      if (!host) return sendLive(load, ws, { type: 'error', message: `no host with id "${topic.hostId}"`, topic: msg.topic });
      // Snapshot and subscription happen in this one synchronous call, so no sample can fall between them.
      sendLive(load, ws, hostSnapshot(reads.store, host, msg, reads.registry.forgetOfflineAfterMs));
      const table = processes.latest(topic.hostId);
      if (table) sendLive(load, ws, { type: 'processes', table });
      return join(ws, msg.topic, subscriptions);
    }
    case 'overview':
      for (const text of overviews.frames(Date.now())) sendLiveText(load, ws, text);
      return join(ws, msg.topic, subscriptions);
    case 'stats':
      sendLive(load, ws, { type: 'stats', stats: reads.stats() });
      return join(ws, msg.topic, subscriptions);
    case 'alerts':
      sendLive(load, ws, alerting.fullFrame());
      return join(ws, msg.topic, subscriptions);
    default: {
      const unreachable: never = topic;
      return unreachable;
    }
  }
}

/**
 * Registers WebSocket /live, where dashboards subscribe to topics; `access` decides
 * who may open it. Each socket has its own message allowance: a flood closes only
 * that socket.
 */
export function registerLiveSocket(app: TemplatedApp, deps: LiveDeps): void {
  const { access, load, faults, sockets, subscriptions } = deps;
  const overviews = new OverviewSnapshots(deps.reads.overview, MAX_MESSAGE_BYTES);
  const fail = (ws: WebSocket<LiveData>, fault: 'malformedJson' | 'invalidMessage' | 'unsupportedVersion' | 'rateLimited', detail: string): void => {
    ws.getUserData().closing = true;
    faults.record(fault, { path: LIVE_PATH, remote: ws.getUserData().remote, detail });
    ws.end(CloseCode[fault], closeReason(detail));
  };

  access.socket<LiveData>(app, ROUTES.liveSocket, {
    maxPayloadLength: MAX_MESSAGE_BYTES,
    idleTimeout: LIVE_IDLE_TIMEOUT_SEC,
    sendPingsAutomatically: true,
    maxBackpressure: LIVE_MAX_BACKPRESSURE,
    // The sweep in app.ts closes slow sockets itself, with a close code and a fault count.
    closeOnBackpressureLimit: false,

    upgrade(res, req, context, _verdict, remote) {
      const key = req.getHeader('sec-websocket-key');
      const protocols = req.getHeader('sec-websocket-protocol');
      const handshake = { request: requestHead(req), response: upgradeResponseHead(key, protocols, Date.now()) };
      load.recordWire('push', handshake.request.bytes + handshake.response.bytes);
      const data: LiveData = { remote, handshake, bucket: new TokenBucket(LIVE_BUCKET_SHAPE, Date.now()), closing: false, topics: new Set() };
      res.upgrade(data, key, protocols, req.getHeader('sec-websocket-extensions'), context);
    },

    open(ws) {
      sockets.add(ws);
      sendLive(load, ws, { type: 'welcome', protocolVersion: PROTOCOL_VERSION, hubTimeMs: Date.now() });
    },

    message(ws, message, isBinary) {
      load.recordRequest('push', message.byteLength + wsFrameHeaderBytes(message.byteLength, true));
      if (ws.getUserData().closing) return;
      if (!ws.getUserData().bucket.take(Date.now())) return fail(ws, 'rateLimited', 'messages sent faster than the rate limit');
      if (isBinary) return fail(ws, 'malformedJson', 'binary frame');
      // The ArrayBuffer is only valid during this call: decode it at once.
      const parsed = parseLiveClientMessage(Buffer.from(message).toString('utf8'));
      if (!parsed.ok) return fail(ws, parsed.fault, parsed.detail);
      const msg = parsed.message;
      switch (msg.type) {
        case 'subscribe':
          return subscribe(deps, overviews, ws, msg);
        case 'unsubscribe':
          ws.unsubscribe(msg.topic);
          ws.getUserData().topics.delete(msg.topic);
          subscriptions.remove(msg.topic, ws);
          return;
        case 'inspect':
          return sendLive(load, ws, { type: 'handshake', ...ws.getUserData().handshake });
        default: {
          const unreachable: never = msg;
          return unreachable;
        }
      }
    },

    close(ws, code, message) {
      sockets.delete(ws);
      for (const topic of ws.getUserData().topics) subscriptions.remove(topic, ws);
      if (isTooBigClose(code, message)) faults.record('messageTooBig', { path: LIVE_PATH, remote: ws.getUserData().remote });
    },
  });
}
