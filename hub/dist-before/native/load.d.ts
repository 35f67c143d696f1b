import type BetterSqlite3 from 'better-sqlite3';
import type * as uWebSockets from 'uWebSockets.js';
import { type NativeChoice } from './runtime.js';
export type Uws = typeof uWebSockets;
export type SqliteDatabase = typeof BetterSqlite3;
/** The builds for this process's runtime; throws the one-line UserError of chooseNative. */
export declare function nativeChoice(): NativeChoice;
/** uWebSockets.js: v20.57 where its binaries load, v20.30 on Node 20 with an older glibc. */
export declare function loadUws(): Uws;
/** better-sqlite3's Database: 13 on Node 22 and later, 12 on Node 20. */
export declare function loadSqlite(): SqliteDatabase;
//# sourceMappingURL=load.d.ts.map