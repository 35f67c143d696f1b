import { isValid } from '@hostpulse/protocol/validate';
/** Reads a saved JSON value of a protocol schema; null when it is not valid JSON or not valid. */
export function parseSaved(name, text) {
    try {
        const value = JSON.parse(text);
        return isValid(name, value) ? value : null;
    }
    catch {
        return null;
    }
}
/**
 * A list kept in the store's state, newest first, at most `cap` long: past
 * alerts and the delivery log. Each item is saved under `prefix` plus its time
 * and a counter, so the store hands them back in order after a restart; the
 * oldest is deleted when a new one would pass the cap.
 */
export class KeptList {
    #store;
    #prefix;
    #cap;
    /** Oldest first, with their keys. */
    #entries = [];
    #counter = 0;
    /** Loads what the store holds under `prefix`; entries `parse` refuses (null) are left in the store and skipped. */
    constructor(store, prefix, cap, parse) {
        this.#store = store;
        this.#prefix = prefix;
        this.#cap = cap;
        for (const [key, text] of store.readState(prefix)) {
            const item = parse(text);
            if (item !== null)
                this.#entries.push({ key, item });
        }
        this.#counter = this.#entries.length;
    }
    /** Adds an item that happened at `tsMs`. */
    add(tsMs, item) {
        const key = `${this.#prefix}${String(tsMs).padStart(15, '0')}-${String(this.#counter++).padStart(9, '0')}`;
        this.#entries.push({ key, item });
        this.#store.putState(key, JSON.stringify(item));
        while (this.#entries.length > this.#cap)
            this.#store.deleteState(this.#entries.shift().key);
    }
    /** Every item, newest first. */
    items() {
        return this.#entries.map((e) => e.item).reverse();
    }
}
//# sourceMappingURL=kept-list.js.map