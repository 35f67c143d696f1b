import { createRequire } from 'node:module';
import { join } from 'node:path';
import { UserError } from '@hostpulse/common';
import { chooseNative, currentRuntime } from './runtime.js';
/**
 * Packages resolve from HOSTPULSE_NATIVE_DIR (a folder holding node_modules/, as a release
 * unpacks it) when set, else from the hub's own files, as in a checkout after `npm ci`.
 */
function nativeRequire() {
    const dir = process.env['HOSTPULSE_NATIVE_DIR'];
    return createRequire(dir ? join(dir, 'index.js') : import.meta.url);
}
let choice;
/** The builds for this process's runtime; throws the one-line UserError of chooseNative. */
export function nativeChoice() {
    choice ??= chooseNative(currentRuntime());
    return choice;
}
function load(name) {
    try {
        return nativeRequire()(name);
    }
    catch (err) {
        const reason = err.message.split('\n')[0];
        // A release carries the builds of the Nodes it was made for; a checkout installs them with npm ci.
        const remedy = process.env['HOSTPULSE_NATIVE_DIR'] ? 'this release has no build of it for this Node (docs/install.md says which Node each artifact takes)' : 'run `npm ci` with this Node';
        throw new UserError(`could not load ${name} for Node ${process.version} (ABI ${process.versions.modules}, ${process.platform}-${process.arch}): ${reason}; ${remedy}`);
    }
}
let uws;
let sqlite;
/** uWebSockets.js: v20.57 where its binaries load, v20.30 on Node 20 with an older glibc. */
export function loadUws() {
    uws ??= load(nativeChoice().uws);
    return uws;
}
/** better-sqlite3's Database: 13 on Node 22 and later, 12 on Node 20. */
export function loadSqlite() {
    sqlite ??= load(nativeChoice().sqlite);
    return sqlite;
}
//# sourceMappingURL=load.js.map