import { type SchemaName, type SchemaValue } from '@hostpulse/protocol/validate';
import type { StateStore } from '../store/state-store.js';
/** Reads a saved JSON value of a protocol schema; null when it is not valid JSON or not valid. */
export declare function parseSaved<N extends SchemaName>(name: N, text: string): SchemaValue<N> | null;
/**
 * A list kept in the store's state, newest first, at most `cap` long: past
 * alerts and the delivery log. Each item is saved under `prefix` plus its time
 * and a counter, so the store hands them back in order after a restart; the
 * oldest is deleted when a new one would pass the cap.
 */
export declare class KeptList<T> {
    #private;
    /** Loads what the store holds under `prefix`; entries `parse` refuses (null) are left in the store and skipped. */
    constructor(store: StateStore, prefix: string, cap: number, parse: (text: string) => T | null);
    /** Adds an item that happened at `tsMs`. */
    add(tsMs: number, item: T): void;
    /** Every item, newest first. */
    items(): T[];
}
//# sourceMappingURL=kept-list.d.ts.map