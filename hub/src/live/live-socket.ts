import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import { CloseCode, DEFAULT_SERIES_POINTS, LIVE_PATH, MAX_MESSAGE_BYTES, MAX_SERIES_POINTS, MAX_WINDOW_LOAD_BYTES, PROTOCOL_VERSION, parseTopic } from '@hostpulse/protocol';
import type { Handshake, LiveServerMessage, Snapshot, Subscribe } from '@hostpulse/protocol';
import { parseLiveClientMessage } from '@hostpulse/protocol/validate';
import { hostInfo, latestOfRun, type HostRecord } from '../hosts/host-record.js';
import { capSamplesLimit } from '../api/query.js';
import { addressText, writeReply } from '../http/reply.js';
import type { HubCore } from '../core/hub-core.js';
import type { LiveAccess } from '../auth/live-access.js';
import { closeReason, isTooBigClose } from '../uws/ws-close.js';
import { SendStatus, type LiveSubscriptions } from './live-subscriptions.js';
import { LIVE_BUCKET_SHAPE, TokenBucket } from '../core/rate-limit.js';
import { newestWithin, selectSamples } from '../hosts/host-queries.js';
import { requestHead, upgradeResponseHead } from '../http/wire-inspector.js';
import { wsFrameHeaderBytes } from '../http/wire-size.js';

/** What the hub keeps per dashboard socket. */
export interface LiveData {
  remote: string;
  /** The socket's message allowance (LIVE_BUCKET_SHAPE). */
  bucket: TokenBucket;
  /** Set once the hub decided to close the socket: frames still arriving are ignored. */
  closing: boolean;
  /** Topics the socket subscribed to. */
  topics: Set<string>;
  /** The upgrade request and the 101 answer, for this socket's wire inspector. */
  handshake: Omit<Handshake, 'type'>;
}

/** The hub's open dashboard sockets, for shutdown, the slow-client sweep and the push client count. */
export type LiveSockets = Set<WebSocket<LiveData>>;

/** Most bytes a dashboard may have waiting; uWS skips publishing to a socket over it. */
export const LIVE_MAX_BACKPRESSURE = 1024 * 1024;

/**
 * A dashboard with this much waiting is closed with slowClientDropped by the
 * hub's sweep. It is half the backpressure limit, so a socket is normally dropped
 * before uWS starts skipping publishes to it: a slow reader never stalls anyone
 * else and is not left silently missing samples.
 */
export const SLOW_CLIENT_BUFFERED_BYTES = LIVE_MAX_BACKPRESSURE / 2;
// Dashboards get a frame at least once a second while subscribed; pings cover idle ones.
const LIVE_IDLE_TIMEOUT_SEC = 60;

/** Sends one message to one dashboard and counts it on the push transport: delivered, queued behind a backlog, or dropped. */
function sendLive(core: HubCore, ws: WebSocket<LiveData>, message: LiveServerMessage): void {
  const text = JSON.stringify(message);
  const bytes = Buffer.byteLength(text);
  const status = ws.send(text, false);
  if (status === SendStatus.dropped) return core.load.recordDropped('push', 1);
  core.load.recordFrames('push', 1, bytes, bytes + wsFrameHeaderBytes(bytes, false));
  if (status === SendStatus.backpressure) core.load.recordBackpressured('push', 1);
}

/** Subscribes the socket to a topic, in uWS and in `subscriptions`. */
function join(ws: WebSocket<LiveData>, topic: string, subscriptions: LiveSubscriptions<WebSocket<LiveData>>): void {
  ws.subscribe(topic);
  ws.getUserData().topics.add(topic);
  subscriptions.add(topic, ws);
}

/**
 * The first answer to a host subscription, within MAX_WINDOW_LOAD_BYTES: the
 * window's chart lines when it names one (and is not resuming a run), else the
 * samples asked for, the newest that fit.
 */
function hostSnapshot(core: HubCore, host: HostRecord, msg: Subscribe): Snapshot {
  const base: Snapshot = { type: 'snapshot', topic: msg.topic, host: hostInfo(host), samples: [] };
  const room = MAX_WINDOW_LOAD_BYTES - Buffer.byteLength(JSON.stringify(base)) - 64;
  if (msg.windowMs !== undefined && msg.runId !== host.runId) {
    const toMs = Date.now();
    const points = Math.min(msg.points ?? DEFAULT_SERIES_POINTS, MAX_SERIES_POINTS);
    const lastSeq = latestOfRun(host)?.seq ?? 0;
    const series = core.store.series(host.hostId, { intervalMs: host.intervalMs, fromMs: toMs - msg.windowMs, toMs, points, runId: host.runId, lastSeq, maxBytes: room });
    return { ...base, series };
  }
  const samples = selectSamples(host, { runId: msg.runId, afterSeq: msg.afterSeq ?? 0, limit: capSamplesLimit(msg.limit) });
  return { ...base, samples: newestWithin(samples, room) };
}

function subscribe(core: HubCore, ws: WebSocket<LiveData>, msg: Subscribe, subscriptions: LiveSubscriptions<WebSocket<LiveData>>): void {
  const topic = parseTopic(msg.topic);
  if (!topic) return sendLive(core, ws, { type: 'error', message: `unknown topic "${msg.topic}"`, topic: msg.topic });
  switch (topic.kind) {
    case 'host': {
      const host = core.registry.get(topic.hostId);
      if (!host) return sendLive(core, ws, { type: 'error', message: `no host with id "${topic.hostId}"`, topic: msg.topic });
      // Snapshot and subscription happen in this one synchronous call, so no sample can fall between them.
      sendLive(core, ws, hostSnapshot(core, host, msg));
      const table = core.processes.latest(topic.hostId);
      if (table) sendLive(core, ws, { type: 'processes', table });
      return join(ws, msg.topic, subscriptions);
    }
    case 'overview':
      sendLive(core, ws, core.overview.fullFrame(Date.now()));
      return join(ws, msg.topic, subscriptions);
    case 'stats':
      sendLive(core, ws, { type: 'stats', stats: core.stats() });
      return join(ws, msg.topic, subscriptions);
    case 'alerts':
      sendLive(core, ws, core.alerting.fullFrame());
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
export function registerLiveSocket(
  app: TemplatedApp,
  core: HubCore,
  sockets: LiveSockets,
  access: LiveAccess,
  subscriptions: LiveSubscriptions<WebSocket<LiveData>>,
): void {
  const fail = (ws: WebSocket<LiveData>, fault: 'malformedJson' | 'invalidMessage' | 'unsupportedVersion' | 'rateLimited', detail: string): void => {
    ws.getUserData().closing = true;
    core.faults.record(fault, { path: LIVE_PATH, remote: ws.getUserData().remote, detail });
    ws.end(CloseCode[fault], closeReason(detail));
  };

  app.ws<LiveData>(LIVE_PATH, {
    maxPayloadLength: MAX_MESSAGE_BYTES,
    idleTimeout: LIVE_IDLE_TIMEOUT_SEC,
    sendPingsAutomatically: true,
    maxBackpressure: LIVE_MAX_BACKPRESSURE,
    // The sweep in app.ts closes slow sockets itself, with a close code and a fault count.
    closeOnBackpressureLimit: 0,

    upgrade(res, req, context) {
      const remote = addressText(res.getRemoteAddressAsText());
      const refusal = access.check(req);
      if (refusal) {
        core.faults.record(refusal.fault, { path: LIVE_PATH, remote, origin: req.getHeader('origin') || undefined });
        writeReply(res, refusal.reply);
        return;
      }
      const key = req.getHeader('sec-websocket-key');
      const protocols = req.getHeader('sec-websocket-protocol');
      const handshake = { request: requestHead(req), response: upgradeResponseHead(key, protocols, Date.now()) };
      core.load.recordWire('push', handshake.request.bytes + handshake.response.bytes);
      const data: LiveData = { remote, handshake, bucket: new TokenBucket(LIVE_BUCKET_SHAPE, Date.now()), closing: false, topics: new Set() };
      res.upgrade(data, key, protocols, req.getHeader('sec-websocket-extensions'), context);
    },

    open(ws) {
      sockets.add(ws);
      sendLive(core, ws, { type: 'welcome', protocolVersion: PROTOCOL_VERSION, hubTimeMs: Date.now() });
    },

    message(ws, message, isBinary) {
      core.load.recordRequest('push', message.byteLength + wsFrameHeaderBytes(message.byteLength, true));
      if (ws.getUserData().closing) return;
      if (!ws.getUserData().bucket.take(Date.now())) return fail(ws, 'rateLimited', 'messages sent faster than the rate limit');
      if (isBinary) return fail(ws, 'malformedJson', 'binary frame');
      // The ArrayBuffer is only valid during this call: decode it at once.
      const parsed = parseLiveClientMessage(Buffer.from(message).toString('utf8'));
      if (!parsed.ok) return fail(ws, parsed.fault, parsed.detail);
      const msg = parsed.message;
      switch (msg.type) {
        case 'subscribe':
          return subscribe(core, ws, msg, subscriptions);
        case 'unsubscribe':
          ws.unsubscribe(msg.topic);
          ws.getUserData().topics.delete(msg.topic);
          subscriptions.remove(msg.topic, ws);
          return;
        case 'inspect':
          return sendLive(core, ws, { type: 'handshake', ...ws.getUserData().handshake });
        default: {
          const unreachable: never = msg;
          return unreachable;
        }
      }
    },

    close(ws, code, message) {
      sockets.delete(ws);
      for (const topic of ws.getUserData().topics) subscriptions.remove(topic, ws);
      if (isTooBigClose(code, message)) core.faults.record('messageTooBig', { path: LIVE_PATH, remote: ws.getUserData().remote });
    },
  });
}
