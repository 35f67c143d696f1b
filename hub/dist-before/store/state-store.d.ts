/**
 * The hub's own small state beside the samples: alert states and queued deliveries,
 * minted agent tokens, the bus's read position. Keys are namespaced by a prefix
 * such as `alert/`; values are JSON text. HistoryStore keeps it on disk with a data
 * dir and in memory without.
 */
export interface StateStore {
    /** Saves `value` under `key`. */
    putState(key: string, value: string): void;
    /** Deletes a saved entry. */
    deleteState(key: string): void;
    /** Saved entries whose key starts with `prefix`, by key. */
    readState(prefix: string): [key: string, value: string][];
    /** Whether the state outlives the process (the hub has a data dir). */
    readonly isPersistent: boolean;
    /** Resolves once every change so far is committed to disk (at once without a data dir). */
    flush(): Promise<void>;
}
//# sourceMappingURL=state-store.d.ts.map