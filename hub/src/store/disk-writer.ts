import { Worker } from 'node:worker_threads';
import type { DiskWorkerData, FromDiskWorker, ToDiskWorker } from './disk-worker.js';
import { DISK_WORKER } from '../files/run-time-files.js';
import type { DiskFigures, RolledUp, WriteOp } from './disk-writes.js';

/** What the hub hears from its disk writer. */
export interface DiskWriterEvents {
  /** These sealed chunks and their roll-ups are on disk. */
  committed(rolledUp: RolledUp[]): void;
  /** A write failed (a full disk, say); `held` when writes are kept back to be tried again. */
  fault(message: string, code: string, held: boolean): void;
  /** A stored block did not decode; it was left out. */
  damaged(block: string, message: string): void;
  figures(figures: DiskFigures): void;
  housekeeping(purgedRows: number, cappedRows: number): void;
}

/**
 * The hub's side of the disk worker: writes go to a worker thread that owns the
 * database's write connection, so a slow commit or checkpoint never holds up the
 * event loop. Writes made in one turn of the loop travel as one message.
 */
export class DiskWriter {
  readonly #worker: Worker;
  #batch: WriteOp[] = [];
  #nextFlushId = 1;
  readonly #flushes = new Map<number, (committed: boolean) => void>();
  #closed: Promise<void> | null = null;
  #onClosed: () => void = () => {};

  constructor(data: DiskWorkerData, events: DiskWriterEvents) {
    this.#worker = new Worker(DISK_WORKER, { workerData: data });
    this.#worker.on('message', (message: FromDiskWorker) => {
      switch (message.type) {
        case 'committed':
          return events.committed(message.rolledUp);
        case 'flushed':
          this.#flushes.get(message.id)?.(message.committed);
          this.#flushes.delete(message.id);
          return;
        case 'fault':
          return events.fault(message.message, message.code, message.held);
        case 'damaged':
          return events.damaged(message.block, message.message);
        case 'figures':
          return events.figures({ fileBytes: message.fileBytes, tiers: message.tiers });
        case 'housekeeping':
          return events.housekeeping(message.purgedRows, message.cappedRows);
        case 'closed':
          return this.#onClosed();
        default: {
          const unreachable: never = message;
          return unreachable;
        }
      }
    });
    this.#worker.on('error', (err) => events.fault(`disk worker stopped: ${err.message}`, 'worker', true));
  }

  /** Queues a write; it reaches the worker at the end of this turn of the event loop. */
  write(op: WriteOp): void {
    if (this.#batch.length === 0) setImmediate(() => this.#send());
    this.#batch.push(op);
  }

  /**
   * Resolves with true once every write queued so far is committed; with false at once
   * while the disk refuses writes (they are kept and tried again).
   */
  flush(): Promise<boolean> {
    this.#send();
    const id = this.#nextFlushId++;
    return new Promise((resolve) => {
      this.#flushes.set(id, resolve);
      this.#post({ type: 'flush', id });
    });
  }

  /** Commits what is queued, closes the database and stops the worker. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#send();
      this.#onClosed = () => {
        void this.#worker.terminate().then(() => resolve());
      };
      this.#worker.once('exit', () => resolve());
      this.#post({ type: 'close' });
    });
    return this.#closed;
  }

  #send(): void {
    if (this.#batch.length === 0) return;
    const ops = this.#batch;
    this.#batch = [];
    this.#post({ type: 'ops', ops });
  }

  #post(message: ToDiskWorker): void {
    this.#worker.postMessage(message);
  }
}
