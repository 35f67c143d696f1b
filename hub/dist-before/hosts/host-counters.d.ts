import type { Sample } from '@hostpulse/protocol';
/** The CPU modes a sample reports, as Prometheus `mode` labels. */
export declare const CPU_MODES: readonly ["user", "system", "iowait", "steal", "idle"];
/** One CPU mode. */
export type CpuMode = (typeof CPU_MODES)[number];
/** Seconds spent in each CPU mode. */
export type CpuSeconds = Record<CpuMode, number>;
/** Cumulative totals of one network interface. */
export interface NetTotals {
    rxBytes: number;
    txBytes: number;
    rxPackets: number;
    txPackets: number;
    rxErrors: number;
    txErrors: number;
}
/** Cumulative totals of one block device. */
export interface DiskTotals {
    readBytes: number;
    writtenBytes: number;
    reads: number;
    writes: number;
    /** Seconds the device was busy. */
    ioSeconds: number;
}
/** A host's counters for its current run: what it did since the hub saw the run start. */
export interface HostCounterValues {
    runId: string;
    /** All cores together: a 4-core host adds up to 4 seconds a second. */
    cpu: CpuSeconds;
    /** One entry per core, in the sample's order. */
    cores: CpuSeconds[];
    /** By interface name; only those in the newest sample. */
    net: Map<string, NetTotals>;
    /** By device name; only those in the newest sample. */
    disk: Map<string, DiskTotals>;
}
/**
 * Cumulative counters per host, integrated from the agent's per-interval rates:
 * CPU seconds by mode (all cores and per core), network bytes, packets and errors,
 * disk bytes, operations and busy seconds. Each stored sample adds its rates times
 * the time it covers: the gap since the run's previous seq, or its interval when
 * that seq is missing (a late or replayed sample). A new run starts every counter
 * at zero again, which Prometheus reads as a counter reset. An interface or device
 * absent from the newest sample is dropped (back, it starts at zero), so the state
 * stays as small as the host.
 */
export declare class HostCounters {
    #private;
    /** Adds one stored sample of a host. */
    add(sample: Sample): void;
    /** The counters of a host's current run, or undefined before its first sample. */
    of(hostId: string): HostCounterValues | undefined;
    /** Drops a host the registry forgot. */
    forget(hostId: string): void;
}
//# sourceMappingURL=host-counters.d.ts.map