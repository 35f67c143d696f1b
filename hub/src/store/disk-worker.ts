import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { DiskWrites, type WriteOp } from './disk-writes.js';
import type { Retention } from './tiers.js';

/** What the hub gives the disk worker when it starts it. */
export interface DiskWorkerData {
  dataDir: string;
  retention: Retention;
  maxBytes: number | null;
  /** How long alert events are kept. */
  alertHistoryMs: number;
}

/** Hub -> disk worker. */
export type ToDiskWorker = { type: 'ops'; ops: WriteOp[] } | { type: 'flush'; id: number } | { type: 'close' };

/** Disk worker -> hub. */
export type FromDiskWorker =
  | { type: 'committed'; rolledUp: { hostId: string; runId: string; firstSeq: number }[] }
  | { type: 'flushed'; id: number; committed: boolean }
  | { type: 'fault'; message: string; code: string; held: boolean }
  | { type: 'damaged'; block: string; message: string }
  | { type: 'figures'; fileBytes: number; tiers: { tier: string; bytes: number; rows: number; oldestMs: number | null }[] }
  | { type: 'housekeeping'; purgedRows: number; cappedRows: number }
  | { type: 'closed' };

// Writes are gathered this long, then committed.
const COMMIT_EVERY_MS = 200;
// A transaction takes writes of at most about this many bytes (at least one write), so after a full
// disk writing resumes once this much is free, not once the whole backlog fits.
const BATCH_BYTES = 64 * 1024;
// After a failed commit (a full disk), the oldest batch is tried again this often.
const RETRY_EVERY_MS = 1_000;
// Retention and the size cap are applied this often; the figures (a walk over every page) are measured
// after housekeeping changed something, and otherwise every FIGURES_EVERY_MS.
const HOUSEKEEPING_EVERY_MS = 10_000;
// Most alert events one housekeeping turn deletes, so a long backlog (a shorter --alert-history) goes over several turns.
const ALERT_EVENTS_PURGE_MAX = 1000;
const FIGURES_EVERY_MS = 60_000;
let lastFiguresMs = 0;

const { dataDir, retention, maxBytes, alertHistoryMs } = workerData as DiskWorkerData;
const port = parentPort!;
const send = (message: FromDiskWorker): void => port.postMessage(message);

// The hub checked the database before starting this worker.
const db = openDatabase(dataDir, { skipCheck: true });
const writes = new DiskWrites(db, (block, message) => send({ type: 'damaged', block, message }));
const pending: WriteOp[] = [];
let failing = false;
let closing = false;
const flushWaiters: number[] = [];

const opBytes = (op: WriteOp): number => (op.op === 'chunk' ? op.chunk.bytes.length : op.op === 'putState' ? op.value.length : 0) + 64;

/** How many of the oldest pending writes make the next transaction. */
function batchLength(): number {
  let bytes = opBytes(pending[0]!);
  let count = 1;
  while (count < pending.length && bytes + opBytes(pending[count]!) <= BATCH_BYTES) bytes += opBytes(pending[count++]!);
  return count;
}

/** Commits what is pending, a batch a transaction, oldest first; on failure keeps the rest for the next try and reports the fault. */
function commit(): void {
  while (pending.length > 0) {
    const count = batchLength();
    try {
      const rolledUp = writes.apply(pending.slice(0, count));
      pending.splice(0, count);
      failing = false;
      send({ type: 'committed', rolledUp });
    } catch (err) {
      failing = true;
      send({ type: 'fault', ...describe(err), held: true });
      return;
    }
  }
}

/** Answers the flushes waiting: once nothing is pending, or at once while the disk refuses writes. */
function answerFlushes(): void {
  if (pending.length > 0 && !failing) return;
  for (const id of flushWaiters.splice(0)) send({ type: 'flushed', id, committed: pending.length === 0 });
}

function describe(err: unknown): { message: string; code: string } {
  const e = err as { code?: string; message?: string };
  return { message: e.message ?? String(err), code: e.code ?? 'unknown' };
}

function housekeeping(): void {
  if (failing) return;
  try {
    const purgedRows = writes.purge(Date.now(), retention);
    const cappedRows = maxBytes === null ? 0 : writes.cap(maxBytes);
    writes.purgeAlertEvents(Date.now() - alertHistoryMs, ALERT_EVENTS_PURGE_MAX);
    const changed = purgedRows > 0 || cappedRows > 0;
    if (changed) send({ type: 'housekeeping', purgedRows, cappedRows });
    if (changed || Date.now() - lastFiguresMs >= FIGURES_EVERY_MS) {
      lastFiguresMs = Date.now();
      send({ type: 'figures', ...writes.figures() });
    }
  } catch (err) {
    send({ type: 'fault', ...describe(err), held: false });
  }
}

const commitTimer = setInterval(() => {
  if (!failing) commit();
  answerFlushes();
}, COMMIT_EVERY_MS);
const retryTimer = setInterval(() => {
  if (failing) commit();
  answerFlushes();
}, RETRY_EVERY_MS);
const housekeepingTimer = setInterval(housekeeping, HOUSEKEEPING_EVERY_MS);

port.on('message', (message: ToDiskWorker) => {
  switch (message.type) {
    case 'ops':
      if (!closing) pending.push(...message.ops);
      return;
    case 'flush':
      flushWaiters.push(message.id);
      if (!failing) commit();
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
      const unreachable: never = message;
      return unreachable;
    }
  }
});

try {
  writes.sealLeftOpen();
} catch (err) {
  send({ type: 'fault', ...describe(err), held: false });
}
housekeeping();
