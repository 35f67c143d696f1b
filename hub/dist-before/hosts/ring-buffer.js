/**
 * A fixed-capacity buffer that keeps the newest items: pushing into a full buffer
 * drops the oldest. Indexes run from 0 (oldest) to size - 1 (newest).
 */
export class RingBuffer {
    capacity;
    #items;
    #start = 0;
    #size = 0;
    constructor(capacity) {
        if (!Number.isInteger(capacity) || capacity < 1)
            throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
        this.capacity = capacity;
        this.#items = new Array(capacity);
    }
    /** Number of items held. */
    get size() {
        return this.#size;
    }
    /** Item at `index` (0 = oldest), or undefined out of range. */
    at(index) {
        if (index < 0 || index >= this.#size)
            return undefined;
        return this.#items[(this.#start + index) % this.capacity];
    }
    /** Newest item, or undefined when empty. */
    last() {
        return this.at(this.#size - 1);
    }
    /** Appends an item as the newest, dropping the oldest when full. */
    push(item) {
        if (this.#size < this.capacity) {
            this.#items[(this.#start + this.#size) % this.capacity] = item;
            this.#size++;
        }
        else {
            this.#items[this.#start] = item;
            this.#start = (this.#start + 1) % this.capacity;
        }
    }
    /**
     * Inserts an item before position `index` (0..size), shifting newer items up.
     * When full, the oldest item is dropped first; inserting at 0 into a full buffer
     * is a no-op since the item would be the oldest and dropped at once.
     */
    insert(index, item) {
        if (index < 0 || index > this.#size)
            throw new RangeError(`index ${index} out of range 0..${this.#size}`);
        if (index === this.#size)
            return this.push(item);
        if (this.#size === this.capacity) {
            if (index === 0)
                return;
            this.#start = (this.#start + 1) % this.capacity;
            this.#size--;
            index--;
        }
        for (let i = this.#size; i > index; i--) {
            this.#items[(this.#start + i) % this.capacity] = this.#items[(this.#start + i - 1) % this.capacity];
        }
        this.#items[(this.#start + index) % this.capacity] = item;
        this.#size++;
    }
    /** Items from `from` (inclusive) to `to` (exclusive), oldest first. */
    slice(from = 0, to = this.#size) {
        const start = Math.max(0, from);
        const end = Math.min(this.#size, to);
        const out = [];
        for (let i = start; i < end; i++)
            out.push(this.#items[(this.#start + i) % this.capacity]);
        return out;
    }
    /** All items, oldest first. */
    toArray() {
        return this.slice();
    }
}
//# sourceMappingURL=ring-buffer.js.map