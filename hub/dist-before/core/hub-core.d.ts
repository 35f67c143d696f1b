import type { AgentHello, BusStats, HostSample, HostStatus, HubStats, LiveServerMessage } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { Alerting } from '../alerts/alerting.js';
import { type AlertsConfig } from '../alerts/rules-file.js';
import type { FaultCounter } from '../telemetry/faults.js';
import { HostCounters } from '../hosts/host-counters.js';
import { HostRegistry } from '../hosts/host-registry.js';
import { type LoadAccounting } from '../telemetry/load-accounting.js';
import { OverviewCoalescer } from '../hosts/overview-coalescer.js';
import { ProcessTables } from '../hosts/process-tables.js';
import type { HubReads } from './hub-reads.js';
import type { HistoryStore } from '../store/history-store.js';
/** Sends a message to every subscriber of a topic (the uWS wiring implements it). */
export type Publish = (topic: string, message: LiveServerMessage) => void;
/**
 * What the core tells the bus that joins several hubs (cluster/hub-bus.ts) about its
 * own agents; null while the hub runs alone.
 */
export interface HubBus {
    /** The hub holding this host's agent for another run, or null when this hub may take it. */
    holderOf(hello: AgentHello): string | null;
    /** One of this hub's agents was welcomed. */
    helloAccepted(hello: AgentHello, hubRxMs: number): void;
    /** One of this hub's agents' samples was stored. */
    sampleAccepted(sample: HostSample): void;
    /** A host went offline or came back. */
    statusChanged(status: HostStatus): void;
    /** One of this hub's agents closed its socket. */
    agentGone(hostId: string): void;
    /** Whether this hub delivers the host's alerts, which every hub evaluates: one hub per host does. */
    delivers(hostId: string): boolean;
    /** Closes a one-second interval of the bus's rates. */
    tick(): void;
    /** The bus's figures for /api/stats. */
    stats(): BusStats;
}
/** What a bus is built from: the core's hosts and fault counter. */
export interface BusParts {
    registry: HostRegistry;
    faults: FaultCounter;
}
/** What the core needs from outside. */
export interface HubCoreOptions {
    store: HistoryStore;
    log: Logger;
    publish: Publish;
    /** The per-transport load figures, shared with the publishing edge that counts frames. */
    load: LoadAccounting;
    /** Fault counts, shared with the store and every edge that refuses or closes something. */
    faults: FaultCounter;
    /** Open /live sockets, the push transport's clients. */
    pushClients: () => number;
    /** A host changed while no overview frame was pending: time to arm the coalescing timer. */
    overviewPending?: () => void;
    /** Alert rules and notifiers; the default rules when absent. */
    alerts?: AlertsConfig;
    /** Builds the bus to other hubs (--nats) from the core's parts; the hub runs alone without it. */
    bus?: ((parts: BusParts) => HubBus) | undefined;
    nowMs?: () => number;
}
/**
 * Overview versions start at the hub's start time times this, so a version from an
 * earlier hub process is below every version of this one (unless that process saw
 * more than this many changes per millisecond), and a poll's `since` from before a
 * restart gets a full answer instead of a wrong delta.
 */
export declare const OVERVIEW_VERSIONS_PER_MS = 1000;
/**
 * The hub's state and bookkeeping with no socket in sight: the host registry, the
 * process tables, the overview coalescer, alerting, per-host counters, load
 * accounting, fault counters and the process's own figures; registry events fan out
 * from here to alerts, the bus and the overview. Stored samples, process tables and
 * status changes go out through `publish`.
 */
export declare class HubCore implements HubReads {
    #private;
    readonly registry: HostRegistry;
    /** Each host's latest top-processes table, published to `host/<id>` as it arrives. */
    readonly processes: ProcessTables;
    readonly overview: OverviewCoalescer;
    readonly load: LoadAccounting;
    readonly faults: FaultCounter;
    /** Samples in memory and, with a data dir, on disk. */
    readonly store: HistoryStore;
    /** Alert rules, their states and deliveries. */
    readonly alerting: Alerting;
    /** Cumulative counters per host, integrated from every stored sample, for /metrics. */
    readonly counters: HostCounters;
    readonly startedMs: number;
    /** The bus to other hubs (--nats); null while the hub runs alone. */
    readonly bus: HubBus | null;
    constructor({ store, log, publish, load, faults, pushClients, overviewPending, alerts, bus, nowMs }: HubCoreOptions);
    /** Calls `hook` with the id of every host the registry forgets. */
    onHostRemoved(hook: (hostId: string) => void): void;
    /** Calls `hook` at every tick, after the core's own periodic work. */
    onTick(hook: () => void): void;
    /** One of this hub's agents closed its socket. */
    agentDisconnected(hostId: string): void;
    /** Closes a one-second interval: per-second rates and process figures now cover it; the store does its periodic work. */
    tick(): void;
    /** The hub's load: totals as of now, rates as of the last tick. */
    stats(): HubStats;
    /** Releases what the core holds open (the event-loop monitor, alerting's timers). */
    stop(): void;
}
//# sourceMappingURL=hub-core.d.ts.map