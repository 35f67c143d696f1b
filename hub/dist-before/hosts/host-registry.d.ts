import type { AgentHello, HostSample, HostStatus, Sample } from '@hostpulse/protocol';
import { type HostRecord } from './host-record.js';
import type { HistoryStore } from '../store/history-store.js';
/** What the registry tells the wiring about; each is called synchronously. */
export interface RegistryEvents {
    /** A sample was stored (live or replayed); `local` when one of this hub's agents sent it, not the bus. */
    sampleStored(sample: HostSample, local: boolean): void;
    /** A host went offline or came back. */
    statusChanged(status: HostStatus): void;
    /** Anything on a host's overview line changed. */
    hostChanged(hostId: string): void;
    /** A host was forgotten (deleted, or offline longer than any data is kept). */
    hostRemoved(hostId: string): void;
}
/**
 * Outcome of an agent's hello. `replaced` is true when the host's agent still held
 * a connection the hub now gives up on (see HostRegistry.connect); the wiring
 * closes that older socket.
 */
export type ConnectResult = {
    ok: true;
    lastSeq: number;
    replaced: boolean;
} | {
    ok: false;
    fault: 'hostIdConflict';
};
/** Outcome of one sample. */
export type AddResult = 'stored' | 'duplicate' | 'unknownHost';
/** Outcome of deleting a host. */
export type RemoveResult = 'removed' | 'unknown' | 'online';
/** Options of a registry; `nowMs` is injectable so tests control time. */
export interface RegistryOptions {
    store: HistoryStore;
    events: RegistryEvents;
    nowMs?: () => number;
}
/**
 * Every host the hub has heard of: its runs, its state and whether it is online;
 * its samples live in the history store. Plain state with no sockets; the wiring
 * feeds it and listens to `events`.
 */
export declare class HostRegistry {
    #private;
    /** Samples stored since start, for the samples/s rate. */
    samplesTotal: number;
    constructor({ store, events, nowMs }: RegistryOptions);
    /** Takes back the hosts the store holds from before a restart, all offline until their agents return. */
    restore(): void;
    /** The host with this id, if known. */
    get(hostId: string): HostRecord | undefined;
    /** Every known host, in the order first seen. */
    all(): HostRecord[];
    /**
     * An agent said hello. A second agent (another run id) for a host whose agent is
     * connected and online is refused: the first keeps streaming. The same run id
     * is the same agent process, which holds one connection at a time, so its older
     * connection is dead (a path that stalled without a close): the new one replaces
     * it at once instead of waiting for the idle timeout. So does any agent once the
     * host went offline, since its connected agent has stopped sending. A new run id
     * starts a new run; the old run's samples stay in the history.
     */
    connect(hello: AgentHello): ConnectResult;
    /** The host's agent closed its socket; the host turns offline only once its intervals pass. */
    disconnect(hostId: string): void;
    /**
     * Stores one sample of the host's current run. A seq the run already holds is
     * dropped, so a replay after a reconnect never stores twice.
     */
    addSample(sample: Sample): AddResult;
    /**
     * A hello another hub accepted, from the bus: the host as that hub's agent described
     * it at `hubRxMs`. A replica is never `connected` (no agent socket here); it is online
     * while its samples keep coming. A host whose agent is connected here keeps its own run.
     */
    replicaHello(hello: AgentHello, hubRxMs: number): void;
    /**
     * A sample another hub stored, from the bus, with that hub's hubRxMs. Any run of a
     * known host is kept (a back-fill brings older runs too); a (run, seq) already held
     * is a duplicate, so replaying the bus stores nothing twice.
     */
    replicaSample(sample: HostSample): AddResult;
    /** A status change from the hub holding the host's agent: an offline newer than what this hub saw turns the replica offline now. */
    replicaStatus(status: HostStatus): void;
    /**
     * Turns hosts offline once OFFLINE_AFTER_MISSED_INTERVALS of their intervals passed
     * unheard, and forgets hosts offline for longer than the store keeps any data.
     */
    checkOffline(): void;
    /** Forgets a host and its history, unless it is online (its agent would bring it back at once). */
    remove(hostId: string): RemoveResult;
    /** Saves every host's record, so a restart knows when each was last seen. */
    saveAll(): void;
    /** Hosts in total, online, and with a connected agent. */
    counts(): {
        total: number;
        online: number;
        connected: number;
    };
}
//# sourceMappingURL=host-registry.d.ts.map