import { FAULT_KINDS } from '@hostpulse/protocol';
/** At most one log line per fault kind per this many ms. */
export const FAULT_LOG_INTERVAL_MS = 10_000;
/** Kinds logged less often: a full or failing disk repeats every write, NATS away every few seconds; once a minute says enough. */
const LOG_INTERVAL_BY_KIND = { storage: 60_000, bus: 60_000 };
/**
 * Counts every fault by kind and logs them without flooding: the first of a kind
 * is logged at once, later ones at most once per FAULT_LOG_INTERVAL_MS (a minute
 * for storage faults) with the number seen since the previous line.
 */
export class FaultCounter {
    #counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0]));
    #lastLogMs = new Map();
    #unlogged = new Map();
    #log;
    #nowMs;
    constructor(log, nowMs = Date.now) {
        this.#log = log;
        this.#nowMs = nowMs;
    }
    /** Counts one fault; `fields` describe it (never a secret). */
    record(kind, fields = {}) {
        this.#counts[kind]++;
        const unlogged = (this.#unlogged.get(kind) ?? 0) + 1;
        const now = this.#nowMs();
        const last = this.#lastLogMs.get(kind);
        if (last !== undefined && now - last < (LOG_INTERVAL_BY_KIND[kind] ?? FAULT_LOG_INTERVAL_MS)) {
            this.#unlogged.set(kind, unlogged);
            return;
        }
        this.#log.warn('fault', { kind, count: unlogged, ...fields });
        this.#lastLogMs.set(kind, now);
        this.#unlogged.set(kind, 0);
    }
    /** Totals by fault kind, every kind present. */
    counts() {
        return { ...this.#counts };
    }
}
//# sourceMappingURL=faults.js.map