import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { DiskWrites } from './disk-writes.js';
// Writes are gathered this long into one transaction.
const COMMIT_EVERY_MS = 200;
// After a failed commit (a full disk), the same writes are tried again this often.
const RETRY_EVERY_MS = 5_000;
// Retention and the size cap are applied this often; the figures (a walk over every page) are measured
// after housekeeping changed something, and otherwise every FIGURES_EVERY_MS.
const HOUSEKEEPING_EVERY_MS = 10_000;
const FIGURES_EVERY_MS = 60_000;
let lastFiguresMs = 0;
const { dataDir, retention, maxBytes } = workerData;
const port = parentPort;
const send = (message) => port.postMessage(message);
// The hub checked the database before starting this worker.
const db = openDatabase(dataDir, { skipCheck: true });
const writes = new DiskWrites(db);
let pending = [];
let failing = false;
let closing = false;
const flushWaiters = [];
/** Commits what is pending; on failure keeps it for the next try and reports the fault. */
function commit() {
    if (pending.length === 0)
        return true;
    try {
        const rolledUp = writes.apply(pending);
        pending = [];
        failing = false;
        send({ type: 'committed', rolledUp });
        return true;
    }
    catch (err) {
        failing = true;
        const e = err;
        send({ type: 'fault', message: e.message ?? String(err), code: e.code ?? 'unknown' });
        return false;
    }
}
function answerFlushes() {
    if (pending.length > 0)
        return;
    for (const id of flushWaiters.splice(0))
        send({ type: 'flushed', id });
}
function housekeeping() {
    if (failing)
        return;
    try {
        const purgedRows = writes.purge(Date.now(), retention);
        const cappedRows = maxBytes === null ? 0 : writes.cap(maxBytes);
        const changed = purgedRows > 0 || cappedRows > 0;
        if (changed)
            send({ type: 'housekeeping', purgedRows, cappedRows });
        if (changed || Date.now() - lastFiguresMs >= FIGURES_EVERY_MS) {
            lastFiguresMs = Date.now();
            send({ type: 'figures', ...writes.figures() });
        }
    }
    catch (err) {
        const e = err;
        send({ type: 'fault', message: e.message ?? String(err), code: e.code ?? 'unknown' });
    }
}
const commitTimer = setInterval(() => {
    if (!failing)
        commit();
    answerFlushes();
}, COMMIT_EVERY_MS);
const retryTimer = setInterval(() => {
    if (failing)
        commit();
    answerFlushes();
}, RETRY_EVERY_MS);
const housekeepingTimer = setInterval(housekeeping, HOUSEKEEPING_EVERY_MS);
port.on('message', (message) => {
    switch (message.type) {
        case 'ops':
            if (!closing)
                pending.push(...message.ops);
            return;
        case 'flush':
            flushWaiters.push(message.id);
            if (!failing)
                commit();
            answerFlushes();
            return;
        case 'close':
            closing = true;
            clearInterval(commitTimer);
            clearInterval(retryTimer);
            clearInterval(housekeepingTimer);
            commit();
            db.pragma('wal_checkpoint(TRUNCATE)');
            db.close();
            send({ type: 'closed' });
            return;
        default: {
            const unreachable = message;
            return unreachable;
        }
    }
});
try {
    writes.sealLeftOpen();
}
catch (err) {
    const e = err;
    send({ type: 'fault', message: e.message ?? String(err), code: e.code ?? 'unknown' });
}
housekeeping();
//# sourceMappingURL=disk-worker.js.map