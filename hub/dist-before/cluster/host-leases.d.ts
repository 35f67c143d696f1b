import type { KV } from '@nats-io/kv';
/**
 * A lease lapses this long after its hub last renewed it: a hub that died without
 * releasing its hosts frees them by then. It is two of the agent's default ping
 * intervals (15 s): an agent notices a dead hub within one, and its new run is taken
 * within the next.
 */
export declare const LEASE_TTL_MS = 30000;
/** How often a hub renews the leases of the hosts whose agents it holds. */
export declare const LEASE_RENEW_MS = 10000;
/** What the leases need to know about the rest of the cluster. */
export interface LeaseOptions {
    hubId: string;
    /** Whether a hub's heartbeats still arrive (false for one never heard). */
    isAlive: (hubId: string) => boolean;
    /** Whether this hub heard the hub at all, and the bus is up (so silence means it is gone). */
    canJudge: (hubId: string) => boolean;
    /** Whether the host still looks online here (its samples keep coming over the bus). */
    isOnline: (hostId: string) => boolean;
    /** Another hub holds the host for another run: this hub's agent for it must go (4409). */
    onLost: (hostId: string, holderHubId: string) => void;
    onError: (err: Error, hostId: string) => void;
    nowMs?: () => number;
}
/**
 * One owner per host across hubs, through a JetStream key-value bucket whose keys
 * lapse after LEASE_TTL_MS. A hello is checked at once against this hub's copy of
 * the bucket (kept by a watch), so the agent path stays synchronous; the claim is
 * then written with compare-and-set over the revision that check judged. Another
 * hub's claim written since, still fresh and its hub alive, wins the race: this
 * hub closes its agent with 4409. The first run keeps the host, as on one hub.
 */
export declare class HostLeases {
    #private;
    constructor(options: LeaseOptions);
    /** Starts mirroring the bucket and renewing this hub's leases (once; later calls, after NATS returns, renew at once). */
    attach(kv: KV): Promise<void>;
    /** The hub holding this host for another run, or null when this hub may take it. */
    holderOf(hostId: string, runId: string): string | null;
    /** This hub's agent for `hostId` runs `runId`: claim the host, now and at every renewal. */
    claim(hostId: string, runId: string): void;
    /** This hub's agent for `hostId` is gone: give the host up, unless another hub has it by now. */
    release(hostId: string): void;
    /** Stops renewing. */
    stop(): void;
}
//# sourceMappingURL=host-leases.d.ts.map