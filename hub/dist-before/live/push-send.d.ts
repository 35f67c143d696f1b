import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import type { Handshake, LiveServerMessage } from '@hostpulse/protocol';
import type { TokenBucket } from '../core/rate-limit.js';
import type { Publish } from '../core/hub-core.js';
import type { LoadAccounting } from '../telemetry/load-accounting.js';
import { type LiveSubscriptions } from './live-subscriptions.js';
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
export declare const LIVE_MAX_BACKPRESSURE: number;
/** Sends one message to one dashboard and counts it on the push transport: delivered, queued behind a backlog, or dropped. */
export declare function sendLive(load: LoadAccounting, ws: WebSocket<LiveData>, message: LiveServerMessage): void;
/**
 * Publishing to a topic, counted as a frame per subscriber on the push transport:
 * delivered, or dropped for a subscriber uWS skips because it is over its
 * backpressure limit.
 */
export declare function createPublish(app: TemplatedApp, subscriptions: LiveTopics, load: LoadAccounting): Publish;
//# sourceMappingURL=push-send.d.ts.map