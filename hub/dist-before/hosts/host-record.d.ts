import type { Filesystem, HostInfo, HostSample, HostSummary, Inventory, Temperature } from '@hostpulse/protocol';
import { RingBuffer } from './ring-buffer.js';
import type { HostHistory } from '../store/host-history.js';
/** How many recent CPU totals a host keeps for overview sparklines. */
export declare const CPU_RECENT_COUNT = 60;
/** Everything the hub holds about one host. Mutated only by the HostRegistry. */
export interface HostRecord {
    hostId: string;
    inventory: Inventory;
    intervalMs: number;
    firstSeenMs: number;
    /** Hub time the host was last heard from (hello or sample). */
    lastSeenMs: number;
    runId: string;
    online: boolean;
    connected: boolean;
    fs: Filesystem[];
    temps: Temperature[];
    /** Samples across runs, in the store's columns. */
    history: HostHistory;
    /** Newest sample of the current run, for the overview line, /metrics and the slow metrics. */
    latest: HostSample | undefined;
    /** CPU used % of the newest samples, oldest first. */
    cpuPctRecent: RingBuffer<number>;
}
/** CPU in use, percent: everything but idle. */
export declare function cpuUsedPct(sample: HostSample): number;
/** Newest sample of the host's current run, or undefined when the run has none yet. */
export declare function latestOfRun(host: HostRecord): HostSample | undefined;
/** What the hub saves of a host besides its samples, so a restart knows it. */
export interface SavedHost {
    inventory: Inventory;
    intervalMs: number;
    firstSeenMs: number;
    lastSeenMs: number;
    runId: string;
    fs: Filesystem[];
    temps: Temperature[];
}
/** The saved part of a host record, as JSON. */
export declare function savedHostJson(host: HostRecord): string;
/** The overview line of a host; `withRecent` adds the CPU sparkline (full frames only). */
export declare function hostSummary(host: HostRecord, withRecent: boolean): HostSummary;
/** What the API and snapshots say about a host. */
export declare function hostInfo(host: HostRecord): HostInfo;
//# sourceMappingURL=host-record.d.ts.map