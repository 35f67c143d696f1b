import { FAULT_KINDS, type FaultKind } from '@hostpulse/protocol';
import type { LogFields, Logger } from '@hostpulse/common';

/** At most one log line per fault kind per this many ms. */
export const FAULT_LOG_INTERVAL_MS = 10_000;

/** Kinds logged less often: a full or failing disk repeats every write, NATS away every few seconds; once a minute says enough. */
const LOG_INTERVAL_BY_KIND: Partial<Record<FaultKind, number>> = { storage: 60_000, bus: 60_000 };

/**
 * Counts every fault by kind and logs them without flooding: the first of a kind
 * is logged at once, later ones at most once per FAULT_LOG_INTERVAL_MS (a minute
 * for storage faults) with the number seen since the previous line.
 */
export class FaultCounter {
  readonly #counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  readonly #lastLogMs = new Map<FaultKind, number>();
  readonly #unlogged = new Map<FaultKind, number>();
  readonly #log: Logger;
  readonly #nowMs: () => number;

  constructor(log: Logger, nowMs: () => number = Date.now) {
    this.#log = log;
    this.#nowMs = nowMs;
  }

  /** Counts one fault; `fields` describe it (never a secret). */
  record(kind: FaultKind, fields: LogFields = {}): void {
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

  /** Counts one fault whose caller logs it in its own way (once per host, say). */
  count(kind: FaultKind): void {
    this.#counts[kind]++;
  }

  /** Totals by fault kind, every kind present. */
  counts(): Record<FaultKind, number> {
    return { ...this.#counts };
  }
}
