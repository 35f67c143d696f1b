import { type NatsConnection } from '@nats-io/transport-node';
import { type KV } from '@nats-io/kv';
import type { BusConfig } from './bus-config.js';
/**
 * Connects to NATS and keeps trying for ever: the first attempt waits for a server
 * (a hub starts and serves its own agents while NATS is down), and a lost link is
 * retried every second. Credentials go to the client only.
 */
export declare function connectNats(config: BusConfig, name: string): Promise<NatsConnection>;
/** What the stream looks like now: when it was made (a new one restarts its sequence) and its last sequence. */
export interface StreamState {
    created: string;
    lastSeq: number;
}
/**
 * Makes the stream (samples, hellos and status changes for `maxAgeMs`) unless it
 * exists; one that exists with another age takes this hub's, so the newest setting wins.
 */
export declare function ensureStream(nc: NatsConnection, maxAgeMs: number): Promise<StreamState & {
    changedAgeFromMs?: number;
}>;
/** The lease bucket (keys lapse after LEASE_TTL_MS) and the hosts bucket (every host's newest hello). */
export declare function openBuckets(nc: NatsConnection): Promise<{
    leases: KV;
    hosts: KV;
}>;
//# sourceMappingURL=nats-setup.d.ts.map