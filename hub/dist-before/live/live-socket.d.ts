import type { TemplatedApp } from 'uWebSockets.js';
import type { Access } from '../auth/access.js';
import type { HubReads } from '../core/hub-reads.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { LoadAccounting } from '../telemetry/load-accounting.js';
import { type LiveSockets, type LiveTopics } from './push-send.js';
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
export declare const SLOW_CLIENT_BUFFERED_BYTES: number;
/**
 * Registers WebSocket /live, where dashboards subscribe to topics; `access` decides
 * who may open it. Each socket has its own message allowance: a flood closes only
 * that socket.
 */
export declare function registerLiveSocket(app: TemplatedApp, deps: LiveDeps): void;
//# sourceMappingURL=live-socket.d.ts.map