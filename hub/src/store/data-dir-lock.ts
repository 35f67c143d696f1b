import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { processExists } from '@hostpulse/common';
import { loadSqlite } from '../native/index.js';
import { DataDirError, LEGACY_LOCK_FILE, LOCK_DB } from './database.js';

/**
 * Takes the data dir for this process: opens the lock database and holds a write
 * transaction on it (SQLite's RESERVED lock) for as long as the hub runs. The
 * operating system drops that lock when the process ends, however it ends, so a
 * killed hub never blocks the next start, in a PID namespace or after a reboot;
 * another live hub holding it is refused with its pid. Returns a function that
 * releases it.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_DB);
  const Sqlite = loadSqlite();
  let db: Database.Database;
  try {
    // No busy wait: a lock held now is held by a hub that is running.
    db = new Sqlite(path, { timeout: 0 });
  } catch (err) {
    throw new DataDirError(`${path}: cannot lock the data dir: ${(err as Error).message}`, { cause: err });
  }
  try {
    db.exec('BEGIN IMMEDIATE');
    recordPid(db);
    // Taken again after the commit that made the pid readable; a hub that took it in between holds it now.
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    const holder = isBusy(err) ? holderPid(db) : undefined;
    db.close();
    if (holder !== undefined) throw new DataDirError(`${dataDir} is in use by another hub (${holder === null ? 'pid unknown' : `pid ${holder}`}, ${path})`);
    throw new DataDirError(`${path}: cannot lock the data dir: ${(err as Error).message}`, { cause: err });
  }
  try {
    removeLegacyLock(dataDir);
  } catch (err) {
    db.close();
    throw err;
  }
  return () => db.close();
}

/**
 * Records this hub's pid, for the message another hub gives, and commits it. A disk
 * that refuses the write (full) leaves none recorded; the lock is held all the same.
 */
function recordPid(db: Database.Database): void {
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL); DELETE FROM holder; INSERT INTO holder (pid) VALUES (${process.pid})`);
  } catch (err) {
    if (isBusy(err)) throw err;
    // SQLite may have rolled it back already.
    if (db.inTransaction) db.exec('ROLLBACK');
    return;
  }
  db.exec('COMMIT');
}

const isBusy = (err: unknown): boolean => (err as { code?: string }).code?.startsWith('SQLITE_BUSY') === true;

/**
 * The pid the holding hub recorded; null when there is none to trust: none recorded
 * yet, this hub's own (another hub is between its two steps), or one no process has
 * (the holder could not record its own on a full disk).
 */
function holderPid(db: Database.Database): number | null {
  try {
    const row = db.prepare('SELECT pid FROM holder').get() as { pid: number } | undefined;
    return row && row.pid !== process.pid && processExists(row.pid) ? row.pid : null;
  } catch {
    return null;
  }
}

/**
 * Removes the pid file older hubs locked with. It still counts as a lock only while
 * it names a live process, not this one, that started before the file was written:
 * an older hub running on the data dir.
 */
function removeLegacyLock(dataDir: string): void {
  const path = join(dataDir, LEGACY_LOCK_FILE);
  let text: string;
  let writtenMs: number;
  try {
    text = readFileSync(path, 'utf8');
    writtenMs = statSync(path).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new DataDirError(`${path}: cannot read the old lock file: ${(err as Error).message}`, { cause: err });
  }
  const pid = Number.parseInt(text, 10);
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processExists(pid) && startedBefore(pid, writtenMs)) {
    throw new DataDirError(`${dataDir} is in use by an older hub (pid ${pid}, ${path}); stop it before starting this one`);
  }
  rmSync(path, { force: true });
}

/** Whether process `pid` started before `ms`; true when /proc cannot tell (not Linux), so a live process keeps its lock. */
function startedBefore(pid: number, ms: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, start time in clock ticks (USER_HZ, 100 on Linux) after boot; fields count from 3 after the command's ")".
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootSec = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    const startMs = bootSec * 1000 + startTicks * 10;
    return Number.isFinite(startMs) ? startMs < ms : true;
  } catch {
    return true;
  }
}
