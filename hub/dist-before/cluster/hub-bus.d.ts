import type { AgentHello, BusStats, HostSample, HostStatus } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import type { BusParts, HubBus } from '../core/hub-core.js';
import type { StateStore } from '../store/state-store.js';
import type { BusConfig } from './bus-config.js';
/** What the bus needs from the hub. */
export interface HubBusOptions extends BusParts {
    config: BusConfig;
    /** Where the bus keeps its read position in the stream. */
    state: StateStore;
    log: Logger;
    /** --max-hosts: hosts learnt from the bus count against it too. */
    maxHosts: number;
    /** Closes this hub's agent socket for `hostId` with 4409: another hub holds the host. */
    closeAgent: (hostId: string, reason: string) => void;
}
/**
 * The NATS bus that makes several hubs one. Every sample, hello and status change
 * of this hub's own agents goes to a JetStream stream (through an outbox that waits
 * out NATS outages); every hub reads the whole stream in order (an ordered consumer
 * that resumes where it stopped), so each holds every host. A key-value lease gives
 * each host one hub; heartbeats tell which hubs are alive.
 */
export declare class NatsHubBus implements HubBus {
    #private;
    readonly hubId: string;
    constructor(options: HubBusOptions);
    /** Connects in the background (retrying for ever) and starts reading the stream; `name` is this hub's host:port. */
    start(name: string): void;
    holderOf(hello: AgentHello): string | null;
    helloAccepted(hello: AgentHello, hubRxMs: number): void;
    sampleAccepted(sample: HostSample): void;
    statusChanged(status: HostStatus): void;
    agentGone(hostId: string): void;
    delivers(hostId: string): boolean;
    tick(): void;
    stats(): BusStats;
    /** Gives the outbox up to `graceMs` to reach NATS, then closes the connection. */
    close(graceMs?: number): Promise<void>;
}
//# sourceMappingURL=hub-bus.d.ts.map