import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { UserError } from '@hostpulse/common';
import { loadSqlite } from '../native/index.js';

/** The database file in a data dir; SQLite adds `-wal` and `-shm` beside it. */
export const DB_FILE = 'hostpulse.db';
/** A small SQLite database the running hub holds a lock on (store/data-dir-lock.ts); SQLite adds `-journal` beside it while it writes. */
export const LOCK_DB = 'hostpulse-lock.db';
/** The pid file older hubs locked the data dir with; removed once the lock database is held. */
export const LEGACY_LOCK_FILE = 'hostpulse.lock';
/** Keeps the hub's own agent and admin tokens (store/tokens-file.ts). */
export const TOKENS_FILE = 'hostpulse-tokens.json';
/** The tokens file's next text while it is written, renamed over it once complete. */
export const TOKENS_FILE_NEW = `${TOKENS_FILE}.new`;
/** Names a data dir may hold; anything else means it is not ours. */
const OUR_FILES = new Set([DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, LOCK_DB, `${LOCK_DB}-journal`, LEGACY_LOCK_FILE, TOKENS_FILE, TOKENS_FILE_NEW, 'lost+found']);

/** SQLite application_id of a hostpulse database: "HPS1". */
export const APPLICATION_ID = 0x48505331;
/** Schema version, SQLite's user_version. */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE hosts (
    host_id TEXT PRIMARY KEY,
    info TEXT NOT NULL
  );
  CREATE TABLE raw (
    host_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    first_seq INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    from_ms INTEGER NOT NULL,
    to_ms INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    sealed INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (host_id, run_id, first_seq)
  );
  CREATE INDEX raw_by_host_time ON raw (host_id, to_ms);
  CREATE INDEX raw_by_age ON raw (to_ms);
  CREATE TABLE rollup_1m (
    host_id TEXT NOT NULL,
    from_ms INTEGER NOT NULL,
    to_ms INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (host_id, from_ms)
  );
  CREATE INDEX rollup_1m_by_age ON rollup_1m (to_ms);
  CREATE TABLE rollup_1h (
    host_id TEXT NOT NULL,
    from_ms INTEGER NOT NULL,
    to_ms INTEGER NOT NULL,
    data BLOB NOT NULL,
    UNIQUE (host_id, from_ms)
  );
  CREATE INDEX rollup_1h_by_age ON rollup_1h (to_ms);
  CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;

/**
 * Alert events (alerts/alert-history.ts), a row each, pruned by age. Made on every
 * opening when missing, so a database of an older hub gains it without a new schema
 * version, and an older hub reading this one leaves it alone.
 */
const ALERT_EVENTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS alert_events (
    id INTEGER PRIMARY KEY,
    ts_ms INTEGER NOT NULL,
    host_id TEXT NOT NULL,
    event TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS alert_events_by_host ON alert_events (host_id, id);
  CREATE INDEX IF NOT EXISTS alert_events_by_age ON alert_events (ts_ms);
`;

/** A data dir or database the hub will not use; the message names the file and says why. */
export class DataDirError extends UserError {
  override name = 'DataDirError';
}

/**
 * Opens the data dir's database, creating the dir and a new database when there is
 * none. Refuses, with a DataDirError naming the file, a dir holding files that are
 * not ours, a file that is not a hostpulse database or is damaged, and a database of
 * a newer schema. Never deletes or rewrites anything it did not create.
 */
export function openDatabase(dataDir: string, options: { readonly?: boolean; skipCheck?: boolean } = {}): Database.Database {
  const path = join(dataDir, DB_FILE);
  if (!options.readonly) checkDataDir(dataDir);
  const isNew = !existsSync(path);
  const Sqlite = loadSqlite();
  let db: Database.Database;
  try {
    db = new Sqlite(path, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
  } catch (err) {
    throw new DataDirError(`${path}: cannot open: ${(err as Error).message}`, { cause: err });
  }
  try {
    if (options.readonly) return db;
    if (isNew) {
      db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.exec(SCHEMA);
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } else {
      if (!options.skipCheck) verify(db, path);
      db.pragma('journal_mode = WAL');
    }
    db.exec(ALERT_EVENTS_SCHEMA);
    db.pragma('synchronous = NORMAL');
    // The log is emptied at each checkpoint; this keeps its file from staying large after a burst.
    db.pragma('journal_size_limit = 16777216');
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DataDirError) throw err;
    throw new DataDirError(`${path}: ${describeSqliteError(err)}; the hub will not use or change it: move it aside or give another --data-dir`, { cause: err });
  }
}

/** Prepares each SQL text once, the first time it is asked for. */
export function statementCache(db: Database.Database): (text: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}

/** Checks that an existing database is a sound hostpulse database of a schema this hub reads. */
function verify(db: Database.Database, path: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    throw new DataDirError(`${path} is not a hostpulse database (SQLite application_id ${appId}); the hub will not use or change it: move it aside or give another --data-dir`);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new DataDirError(`${path} was written by a newer hostpulse (schema ${version}, this hub reads ${SCHEMA_VERSION}); run that version or give another --data-dir`);
  }
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new DataDirError(`${path} is damaged (SQLite quick_check: ${check}); the hub will not use or change it: move it aside or give another --data-dir`);
}

function describeSqliteError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_NOTADB') return 'is not a database';
  if (e.code === 'SQLITE_CORRUPT') return 'is damaged';
  return `cannot be read (${e.code ?? 'error'}: ${e.message ?? String(err)})`;
}

/** Makes the data dir if missing, and refuses one that holds files that are not the hub's. */
function checkDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw new DataDirError(`${dataDir}: cannot create the data dir: ${(err as Error).message}`, { cause: err });
  }
  if (!statSync(dataDir).isDirectory()) throw new DataDirError(`${dataDir} is not a directory`);
  for (const name of readdirSync(dataDir)) {
    if (!OUR_FILES.has(name)) {
      throw new DataDirError(`${join(dataDir, name)} is not a hostpulse file; the data dir must hold only the hub's own files: move it aside or give another --data-dir`);
    }
  }
}
