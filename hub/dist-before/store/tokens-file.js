import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataDirError, TOKENS_FILE_NEW } from './database.js';
/** Owner read and write only: the file holds secrets. */
const TOKENS_FILE_MODE = 0o600;
const isToken = (value) => typeof value === 'string' && /^[A-Za-z0-9_-]{16,256}$/.test(value);
/**
 * Reads the tokens file: null when there is none yet. A file the hub cannot read or
 * understand throws a DataDirError naming it: the hub never replaces tokens agents may
 * hold without being told.
 */
export function readTokensFile(path) {
    let text;
    try {
        text = readFileSync(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return null;
        throw new DataDirError(`${path}: cannot read the hub's tokens: ${err.message}`, { cause: err });
    }
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (err) {
        throw new DataDirError(`${path} is not JSON (${err.message}); the hub will not replace the tokens agents may hold: mend it, or move it aside for new tokens`, { cause: err });
    }
    const wrongShape = new DataDirError(`${path} must be {"agentToken": "...", "adminToken": "..."} with tokens of 16 to 256 letters, digits, "_" or "-"; the hub will not replace the tokens agents may hold: mend it, or move it aside for new tokens`);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw wrongShape;
    const { agentToken, adminToken, ...rest } = parsed;
    if (Object.keys(rest).length > 0 || (agentToken !== undefined && !isToken(agentToken)) || (adminToken !== undefined && !isToken(adminToken)))
        throw wrongShape;
    return { ...(agentToken !== undefined && { agentToken }), ...(adminToken !== undefined && { adminToken }) };
}
/**
 * Writes the tokens file whole: a new file of mode 0600 beside it, synced, then renamed
 * over it, so a crash leaves the old tokens or the new ones, never half of either.
 */
export function writeTokensFile(path, values) {
    const next = join(dirname(path), TOKENS_FILE_NEW);
    // A leftover of a crash may have another mode: open keeps an existing file's mode.
    rmSync(next, { force: true });
    const fd = openSync(next, 'wx', TOKENS_FILE_MODE);
    try {
        writeSync(fd, `${JSON.stringify(values, null, 2)}\n`);
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
    }
    renameSync(next, path);
    const dir = openSync(dirname(path), 'r');
    try {
        fsyncSync(dir);
    }
    finally {
        closeSync(dir);
    }
}
/** Makes the tokens file owner-only again when it is readable or writable by others (a copy, an editor); true when it had to. */
export function makeTokensFilePrivate(path) {
    if ((statSync(path).mode & 0o077) === 0)
        return false;
    chmodSync(path, TOKENS_FILE_MODE);
    return true;
}
//# sourceMappingURL=tokens-file.js.map