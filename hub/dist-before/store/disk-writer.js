import { Worker } from 'node:worker_threads';
import { DISK_WORKER } from '../files/run-time-files.js';
/**
 * The hub's side of the disk worker: writes go to a worker thread that owns the
 * database's write connection, so a slow commit or checkpoint never holds up the
 * event loop. Writes made in one turn of the loop travel as one message.
 */
export class DiskWriter {
    #worker;
    #batch = [];
    #nextFlushId = 1;
    #flushes = new Map();
    #closed = null;
    #onClosed = () => { };
    constructor(data, events) {
        this.#worker = new Worker(DISK_WORKER, { workerData: data });
        this.#worker.on('message', (message) => {
            switch (message.type) {
                case 'committed':
                    return events.committed(message.rolledUp);
                case 'flushed':
                    this.#flushes.get(message.id)?.();
                    this.#flushes.delete(message.id);
                    return;
                case 'fault':
                    return events.fault(message.message, message.code);
                case 'figures':
                    return events.figures({ fileBytes: message.fileBytes, tiers: message.tiers });
                case 'housekeeping':
                    return events.housekeeping(message.purgedRows, message.cappedRows);
                case 'closed':
                    return this.#onClosed();
                default: {
                    const unreachable = message;
                    return unreachable;
                }
            }
        });
        this.#worker.on('error', (err) => events.fault(`disk worker stopped: ${err.message}`, 'worker'));
    }
    /** Queues a write; it reaches the worker at the end of this turn of the event loop. */
    write(op) {
        if (this.#batch.length === 0)
            setImmediate(() => this.#send());
        this.#batch.push(op);
    }
    /** Resolves once every write queued so far is committed (or kept for a retry after a fault is reported). */
    flush() {
        this.#send();
        const id = this.#nextFlushId++;
        return new Promise((resolve) => {
            this.#flushes.set(id, resolve);
            this.#post({ type: 'flush', id });
        });
    }
    /** Commits what is queued, closes the database and stops the worker. */
    close() {
        this.#closed ??= new Promise((resolve) => {
            this.#send();
            this.#onClosed = () => {
                void this.#worker.terminate().then(() => resolve());
            };
            this.#worker.once('exit', () => resolve());
            this.#post({ type: 'close' });
        });
        return this.#closed;
    }
    #send() {
        if (this.#batch.length === 0)
            return;
        const ops = this.#batch;
        this.#batch = [];
        this.#post({ type: 'ops', ops });
    }
    #post(message) {
        this.#worker.postMessage(message);
    }
}
//# sourceMappingURL=disk-writer.js.map