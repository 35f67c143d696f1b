import { type FaultKind } from '@hostpulse/protocol';
import type { LogFields, Logger } from '@hostpulse/common';
/** At most one log line per fault kind per this many ms. */
export declare const FAULT_LOG_INTERVAL_MS = 10000;
/**
 * Counts every fault by kind and logs them without flooding: the first of a kind
 * is logged at once, later ones at most once per FAULT_LOG_INTERVAL_MS (a minute
 * for storage faults) with the number seen since the previous line.
 */
export declare class FaultCounter {
    #private;
    constructor(log: Logger, nowMs?: () => number);
    /** Counts one fault; `fields` describe it (never a secret). */
    record(kind: FaultKind, fields?: LogFields): void;
    /** Totals by fault kind, every kind present. */
    counts(): Record<FaultKind, number>;
}
//# sourceMappingURL=faults.d.ts.map