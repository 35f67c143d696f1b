import type { HostProcessTable, ProcessTable } from '@hostpulse/protocol';

/**
 * The latest top-processes table of each host. It is kept apart from the sample
 * history: only the newest table matters, so a host costs one table here whatever
 * the history window, and nothing of it is replayed or stored in history tiers.
 */
export class ProcessTables {
  readonly #tables = new Map<string, HostProcessTable>();
  readonly #stored: (table: HostProcessTable) => void;

  /** `stored` hears of every table kept, synchronously (the hub publishes it to `host/<id>`). */
  constructor(stored: (table: HostProcessTable) => void = () => {}) {
    this.#stored = stored;
  }

  /**
   * Keeps `table` as its host's latest, stamped with the hub's receive time. A table
   * of the same run that is not newer than the one held is dropped (false).
   */
  store(table: ProcessTable, hubRxMs: number): boolean {
    const held = this.#tables.get(table.hostId);
    if (held && held.runId === table.runId && held.tsMs >= table.tsMs) return false;
    const stamped: HostProcessTable = { ...table, hubRxMs };
    this.#tables.set(table.hostId, stamped);
    this.#stored(stamped);
    return true;
  }

  /** Drops the table of a host the hub forgot. */
  forget(hostId: string): void {
    this.#tables.delete(hostId);
  }

  /** The latest table of a host, if its agent sent one. */
  latest(hostId: string): HostProcessTable | undefined {
    return this.#tables.get(hostId);
  }
}
