/**
 * A fixed-capacity buffer that keeps the newest items: pushing into a full buffer
 * drops the oldest. Indexes run from 0 (oldest) to size - 1 (newest).
 */
export declare class RingBuffer<T> {
    #private;
    readonly capacity: number;
    constructor(capacity: number);
    /** Number of items held. */
    get size(): number;
    /** Item at `index` (0 = oldest), or undefined out of range. */
    at(index: number): T | undefined;
    /** Newest item, or undefined when empty. */
    last(): T | undefined;
    /** Appends an item as the newest, dropping the oldest when full. */
    push(item: T): void;
    /**
     * Inserts an item before position `index` (0..size), shifting newer items up.
     * When full, the oldest item is dropped first; inserting at 0 into a full buffer
     * is a no-op since the item would be the oldest and dropped at once.
     */
    insert(index: number, item: T): void;
    /** Items from `from` (inclusive) to `to` (exclusive), oldest first. */
    slice(from?: number, to?: number): T[];
    /** All items, oldest first. */
    toArray(): T[];
}
//# sourceMappingURL=ring-buffer.d.ts.map