import type Database from 'better-sqlite3';
import { UserError } from '@hostpulse/common';
/** The database file in a data dir; SQLite adds `-wal` and `-shm` beside it. */
export declare const DB_FILE = "hostpulse.db";
/** Holds the pid of the hub using the data dir. */
export declare const LOCK_FILE = "hostpulse.lock";
/** Keeps the hub's own agent and admin tokens (store/tokens-file.ts). */
export declare const TOKENS_FILE = "hostpulse-tokens.json";
/** The tokens file's next text while it is written, renamed over it once complete. */
export declare const TOKENS_FILE_NEW = "hostpulse-tokens.json.new";
/** SQLite application_id of a hostpulse database: "HPS1". */
export declare const APPLICATION_ID = 1213223729;
/** Schema version, SQLite's user_version. */
export declare const SCHEMA_VERSION = 1;
/** A data dir or database the hub will not use; the message names the file and says why. */
export declare class DataDirError extends UserError {
    name: string;
}
/**
 * Opens the data dir's database, creating the dir and a new database when there is
 * none. Refuses, with a DataDirError naming the file, a dir holding files that are
 * not ours, a file that is not a hostpulse database or is damaged, and a database of
 * a newer schema. Never deletes or rewrites anything it did not create.
 */
export declare function openDatabase(dataDir: string, options?: {
    readonly?: boolean;
    skipCheck?: boolean;
}): Database.Database;
/** Prepares each SQL text once, the first time it is asked for. */
export declare function statementCache(db: Database.Database): (text: string) => Database.Statement;
/**
 * Takes the data dir for this process: writes its pid to the lock file, refusing
 * when another live process holds it. A lock left by a process that is gone is
 * taken over. Returns a function that releases it.
 */
export declare function lockDataDir(dataDir: string): () => void;
//# sourceMappingURL=database.d.ts.map