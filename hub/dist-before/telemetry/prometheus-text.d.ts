import type { Filesystem, HubStats, Inventory, Sample, Temperature } from '@hostpulse/protocol';
import { type HostCounterValues } from '../hosts/host-counters.js';
import type { ProcessMetrics } from './own-process.js';
/** Content type of the Prometheus text exposition format this module writes. */
export declare const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
/** What /metrics says about one host. */
export interface HostMetricsInput {
    hostId: string;
    online: boolean;
    lastSeenMs: number;
    inventory: Inventory;
    /** Newest sample of the current run; absent until the first arrives. */
    latest: Sample | undefined;
    /** Latest filesystem usage and temperatures (they come every 30 s and 10 s). */
    fs: readonly Filesystem[];
    temps: readonly Temperature[];
    /** The host's cumulative counters (HostCounters); absent until its first sample. */
    counters: HostCounterValues | undefined;
}
/** Escapes a label value as the text format requires (backslash, quote, newline). */
export declare function escapeLabel(value: string): string;
/** The /metrics body: the hub's own load, faults and process figures, then every host. */
export declare function formatMetrics(stats: HubStats, samplesTotal: number, process: ProcessMetrics, hosts: readonly HostMetricsInput[]): string;
//# sourceMappingURL=prometheus-text.d.ts.map