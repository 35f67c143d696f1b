import { createRequire } from 'node:module';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type * as uWebSockets from 'uWebSockets.js';
import { UserError } from '@hostpulse/common';
import { chooseNative, currentRuntime, type NativeChoice } from './runtime.js';

// The one place the hub loads its native addons. Everything else imports their types only.

export type Uws = typeof uWebSockets;
export type SqliteDatabase = typeof BetterSqlite3;

/**
 * Packages resolve from HOSTPULSE_NATIVE_DIR (a folder holding node_modules/, as a release
 * unpacks it) when set, else from the hub's own files, as in a checkout after `npm ci`.
 */
function nativeRequire(): NodeJS.Require {
  const dir = process.env['HOSTPULSE_NATIVE_DIR'];
  return createRequire(dir ? join(dir, 'index.js') : import.meta.url);
}

let choice: NativeChoice | undefined;

/** The builds for this process's runtime; throws the one-line UserError of chooseNative. */
export function nativeChoice(): NativeChoice {
  choice ??= chooseNative(currentRuntime());
  return choice;
}

function load<T>(name: string): T {
  try {
    return nativeRequire()(name) as T;
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    // A release carries the builds of the Nodes it was made for; a checkout installs them with npm ci.
    const remedy = process.env['HOSTPULSE_NATIVE_DIR'] ? 'this release has no build of it for this Node (docs/install.md says which Node each artifact takes)' : 'run `npm ci` with this Node';
    throw new UserError(`could not load ${name} for Node ${process.version} (ABI ${process.versions.modules}, ${process.platform}-${process.arch}): ${reason}; ${remedy}`);
  }
}

let uws: Uws | undefined;
let sqlite: SqliteDatabase | undefined;

/** uWebSockets.js: v20.57 where its binaries load, v20.30 on Node 20 with an older glibc. */
export function loadUws(): Uws {
  uws ??= load<Uws>(nativeChoice().uws);
  return uws;
}

/** better-sqlite3's Database: 13 on Node 22 and later, 12 on Node 20. */
export function loadSqlite(): SqliteDatabase {
  sqlite ??= load<SqliteDatabase>(nativeChoice().sqlite);
  return sqlite;
}
