import type { TransportStats } from '@hostpulse/protocol';
/** The two ways a dashboard gets data. */
export type Transport = 'push' | 'poll';
/** A polling client counts as connected this long after its last request. */
export declare const POLL_CLIENT_WINDOW_MS = 5000;
/** Turns a growing total into a per-second rate between two `update` calls. */
export declare class RateMeter {
    #private;
    /** Rate over the last update interval, per second. */
    perSec: number;
    constructor(startMs: number);
    /** Recomputes the rate from the total now. */
    update(total: number, nowMs: number): void;
}
/**
 * What each transport costs the hub: requests, 304s, frames (delivered or queued),
 * frames dropped for backpressure, payload and wire bytes as totals, and
 * per-second rates over the interval between `tick`s.
 * Payload bytes are the bodies the hub sends; wire bytes add every header and
 * the bytes clients send.
 */
export declare class LoadAccounting {
    #private;
    constructor(nowMs?: () => number);
    /** A request (HTTP request, or a message a dashboard sent) of `wireBytes` arrived. */
    recordRequest(transport: Transport, wireBytes: number): void;
    /** `count` frames (WebSocket messages, or HTTP responses with a body) went out. */
    recordFrames(transport: Transport, count: number, payloadBytes: number, wireBytes: number): void;
    /** `count` frames were dropped (their socket was over its backpressure limit): never delivered, so not among the frames. */
    recordDropped(transport: Transport, count: number): void;
    /** `count` of the frames recorded went out behind a backlog (uWS queued them); they count as frames too. */
    recordBackpressured(transport: Transport, count: number): void;
    /** A response with no body went out; `notModified` when it was a 304. */
    recordBodiless(transport: Transport, wireBytes: number, notModified: boolean): void;
    /** Bytes that are neither request nor frame, such as a WebSocket handshake. */
    recordWire(transport: Transport, wireBytes: number): void;
    /** A polling client (its client id header, or its address) made a request. */
    seePollClient(clientId: string): void;
    /** Distinct polling clients seen in the last POLL_CLIENT_WINDOW_MS. */
    pollClients(): number;
    /** Closes a rate interval: rates now cover the time since the previous tick. */
    tick(): void;
    /** Both transports' figures; push clients are the open /live sockets, counted by the caller. */
    stats(pushClients: number): {
        push: TransportStats;
        poll: TransportStats;
    };
}
//# sourceMappingURL=load-accounting.d.ts.map