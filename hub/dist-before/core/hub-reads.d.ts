import type { HubStats } from '@hostpulse/protocol';
import type { Alerting } from '../alerts/alerting.js';
import type { HostRegistry } from '../hosts/host-registry.js';
import type { OverviewCoalescer } from '../hosts/overview-coalescer.js';
import type { ProcessTables } from '../hosts/process-tables.js';
import type { HistoryStore } from '../store/history-store.js';
/**
 * What both transports read to answer a dashboard, the same for a subscription's
 * snapshot and a poll: the hosts, their history and process tables, the overview,
 * the alerts and the hub's own load. HubCore provides it.
 */
export interface HubReads {
    readonly registry: HostRegistry;
    readonly processes: ProcessTables;
    readonly overview: OverviewCoalescer;
    readonly alerting: Alerting;
    readonly store: HistoryStore;
    /** The hub's load, as /api/stats and the stats topic give it. */
    stats(): HubStats;
}
//# sourceMappingURL=hub-reads.d.ts.map