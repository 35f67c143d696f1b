import type { DiskWorkerData } from './disk-worker.js';
import type { DiskFigures, RolledUp, WriteOp } from './disk-writes.js';
/** What the hub hears from its disk writer. */
export interface DiskWriterEvents {
    /** These sealed chunks and their roll-ups are on disk. */
    committed(rolledUp: RolledUp[]): void;
    /** A write failed (a full disk, say); it is kept and tried again. */
    fault(message: string, code: string): void;
    figures(figures: DiskFigures): void;
    housekeeping(purgedRows: number, cappedRows: number): void;
}
/**
 * The hub's side of the disk worker: writes go to a worker thread that owns the
 * database's write connection, so a slow commit or checkpoint never holds up the
 * event loop. Writes made in one turn of the loop travel as one message.
 */
export declare class DiskWriter {
    #private;
    constructor(data: DiskWorkerData, events: DiskWriterEvents);
    /** Queues a write; it reaches the worker at the end of this turn of the event loop. */
    write(op: WriteOp): void;
    /** Resolves once every write queued so far is committed (or kept for a retry after a fault is reported). */
    flush(): Promise<void>;
    /** Commits what is queued, closes the database and stops the worker. */
    close(): Promise<void>;
}
//# sourceMappingURL=disk-writer.d.ts.map