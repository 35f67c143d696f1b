import { type AgentHello, type BusPeer } from '@hostpulse/protocol';
import type { HostRegistry } from '../hosts/host-registry.js';
/** What became of one bus message. */
export type ReplicaOutcome = 'stored' | 'duplicate' | 'applied' | 'stale' | 'unknownHost' | 'tooManyHosts' | {
    invalid: string;
};
/**
 * This hub's replica of every other hub's hosts: bus messages in, after the same
 * checks agents' frames get (the bus is not trusted blindly), into the registry.
 * It also knows which hub holds each host's agent and which hubs are alive.
 */
export declare class BusReplica {
    #private;
    constructor(registry: HostRegistry, hubId: string, maxHosts: number, nowMs?: () => number);
    /** Parses, checks and applies one message read from `subject`. */
    apply(subject: string, text: string): ReplicaOutcome;
    /** A hello accepted by hub `hubId` (this one included) at `hubRxMs`; false when a newer one was applied already. */
    hello(hello: AgentHello, hubId: string, hubRxMs: number): boolean;
    /** The hub holding this host's agent, as far as this hub knows. */
    ownerOf(hostId: string): string | undefined;
    /**
     * Whether this hub delivers the host's alerts: the hub holding its agent does; when
     * that hub is gone (its heartbeats stopped) or unknown, the live hub with the lowest
     * id does, so a host whose hub died still has its host.offline alert delivered, once.
     */
    delivers(hostId: string): boolean;
    /** Whether hub `hubId` sent a heartbeat lately; false also for a hub never heard. */
    isAlive(hubId: string): boolean;
    /** Whether this hub ever heard hub `hubId`. */
    knows(hubId: string): boolean;
    /** Name of a peer (host:port), or its id when never heard. */
    nameOf(hubId: string): string;
    /** Peers heard in the last minute, by name. */
    peers(): BusPeer[];
}
//# sourceMappingURL=bus-replica.d.ts.map