import type { HostProcessTable, ProcessTable } from '@hostpulse/protocol';
/**
 * The latest top-processes table of each host. It is kept apart from the sample
 * history: only the newest table matters, so a host costs one table here whatever
 * the history window, and nothing of it is replayed or stored in history tiers.
 */
export declare class ProcessTables {
    #private;
    /** `stored` hears of every table kept, synchronously (the hub publishes it to `host/<id>`). */
    constructor(stored?: (table: HostProcessTable) => void);
    /**
     * Keeps `table` as its host's latest, stamped with the hub's receive time. A table
     * of the same run that is not newer than the one held is dropped (false).
     */
    store(table: ProcessTable, hubRxMs: number): boolean;
    /** Drops the table of a host the hub forgot. */
    forget(hostId: string): void;
    /** The latest table of a host, if its agent sent one. */
    latest(hostId: string): HostProcessTable | undefined;
}
//# sourceMappingURL=process-tables.d.ts.map