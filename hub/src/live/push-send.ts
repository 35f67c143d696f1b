import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { Handshake, LiveServerMessage } from '@hostpulse/protocol';
import type { TokenBucket } from '../core/rate-limit.js';
import type { Publish } from '../core/hub-core.js';
import type { LoadAccounting } from '../telemetry/load-accounting.js';
import { wsFrameHeaderBytes } from '../http/wire-size.js';
import { SendStatus, type LiveSubscriptions } from './live-subscriptions.js';

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

/** Which dashboard sockets hold which topics. */
export type LiveTopics = LiveSubscriptions<WebSocket<LiveData>>;

/** Most bytes a dashboard may have waiting; uWS skips publishing to a socket over it. */
export const LIVE_MAX_BACKPRESSURE = 1024 * 1024;

/**
 * Counts frames of one message on the push transport: `delivered` copies written or
 * queued, `dropped` copies uWS skipped, `backpressured` copies queued behind a backlog.
 */
function countPush(load: LoadAccounting, text: string, delivered: number, dropped: number, backpressured: number): void {
  const bytes = Buffer.byteLength(text);
  if (delivered > 0) load.recordFrames('push', delivered, bytes, bytes + wsFrameHeaderBytes(bytes, false));
  if (dropped > 0) load.recordDropped('push', dropped);
  if (backpressured > 0) load.recordBackpressured('push', backpressured);
}

/** Sends one message to one dashboard and counts it on the push transport: delivered, queued behind a backlog, or dropped. */
export function sendLive(load: LoadAccounting, ws: WebSocket<LiveData>, message: LiveServerMessage): void {
  sendLiveText(load, ws, JSON.stringify(message));
}

/** Sends one message already serialised (a frame shared by several sockets), counted as sendLive counts. */
export function sendLiveText(load: LoadAccounting, ws: WebSocket<LiveData>, text: string): void {
  const status = ws.send(text, false);
  if (status === SendStatus.dropped) return countPush(load, text, 0, 1, 0);
  countPush(load, text, 1, 0, status === SendStatus.backpressure ? 1 : 0);
}

/**
 * Publishing to a topic, counted as a frame per subscriber on the push transport:
 * delivered, or dropped for a subscriber uWS skips because it is over its
 * backpressure limit.
 */
export function createPublish(app: TemplatedApp, subscriptions: LiveTopics, load: LoadAccounting): Publish {
  return (topic, message) => {
    const subscribers = app.numSubscribers(topic);
    if (subscribers === 0) return;
    const text = JSON.stringify(message);
    // Read before publishing: uWS skips a subscriber already over the limit when it sends.
    const { backpressured, dropped } = subscriptions.backlog(topic, LIVE_MAX_BACKPRESSURE);
    app.publish(topic, text, false);
    countPush(load, text, subscribers - dropped, dropped, backpressured);
  };
}
