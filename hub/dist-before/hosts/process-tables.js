/**
 * The latest top-processes table of each host. It is kept apart from the sample
 * history: only the newest table matters, so a host costs one table here whatever
 * the history window, and nothing of it is replayed or stored in history tiers.
 */
export class ProcessTables {
    #tables = new Map();
    #stored;
    /** `stored` hears of every table kept, synchronously (the hub publishes it to `host/<id>`). */
    constructor(stored = () => { }) {
        this.#stored = stored;
    }
    /**
     * Keeps `table` as its host's latest, stamped with the hub's receive time. A table
     * of the same run that is not newer than the one held is dropped (false).
     */
    store(table, hubRxMs) {
        const held = this.#tables.get(table.hostId);
        if (held && held.runId === table.runId && held.tsMs >= table.tsMs)
            return false;
        const stamped = { ...table, hubRxMs };
        this.#tables.set(table.hostId, stamped);
        this.#stored(stamped);
        return true;
    }
    /** Drops the table of a host the hub forgot. */
    forget(hostId) {
        this.#tables.delete(hostId);
    }
    /** The latest table of a host, if its agent sent one. */
    latest(hostId) {
        return this.#tables.get(hostId);
    }
}
//# sourceMappingURL=process-tables.js.map