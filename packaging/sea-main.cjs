// The hub executable's entry (a Node 24 single executable application, whose main script
// must be CommonJS). The hub's files ride in the executable as assets: on the first start
// of a build they are written once to a cache directory named by the build's content
// hash, and every start runs the hub from there, as the tarball's Node runs it.
// Node runs an injected main with a require() that takes built-in modules only, and
// documents import() of a file from it as unsupported, so the hub (an ES module with
// top-level await) is imported by sea-import.cjs, a file of the build, through createRequire.
'use strict';
const { createRequire } = require('node:module');
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const sea = require('node:sea');
const { gunzipSync } = require('node:zlib');

const NAME = 'hostpulse-hub';
// Written last into a complete directory: one without it was cut short and is unpacked again.
const COMPLETE = '.complete';

const say = (line) => process.stderr.write(`${NAME}: ${line}\n`);

/**
 * Where builds are unpacked: HOSTPULSE_CACHE_DIR (install-hub.sh and the container set
 * /var/cache/hostpulse-hub), else $XDG_CACHE_HOME/hostpulse or ~/.cache/hostpulse. A
 * cache, not the data dir: it can be made again from the executable at any time, needs
 * no backup, and the data dir holds only the hub's database and tokens.
 */
function cacheRoot(env) {
  if (env.HOSTPULSE_CACHE_DIR) return env.HOSTPULSE_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hostpulse');
}

/** Writes every asset the manifest lists into `dir`, and unzips the agent executables from their .gz copies. */
function unpack(manifest, dir) {
  mkdirSync(dir, { recursive: true });
  for (const { path, mode } of manifest.files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), new Uint8Array(sea.getRawAsset(path)), { mode });
  }
  // The agent executables ride gzipped (a third of their size); the hub serves both forms.
  for (const { from, to, mode } of manifest.gunzip) {
    writeFileSync(join(dir, to), gunzipSync(new Uint8Array(sea.getRawAsset(from))), { mode });
  }
  writeFileSync(join(dir, COMPLETE), '');
}

/** Removes what other builds unpacked beside `current`, and unpacking cut short, saying so. */
function pruneOthers(root, current) {
  for (const entry of readdirSync(root)) {
    if (!entry.replace(/^\./, '').startsWith(`${NAME}-`) || entry === current) continue;
    rmSync(join(root, entry), { recursive: true, force: true });
    say(`removed ${join(root, entry)}, unpacked by another build or cut short`);
  }
}

/** The directory this build's files are in, unpacked there first when they are not yet. */
function buildDir(manifest) {
  const root = cacheRoot(process.env);
  const name = `${NAME}-${manifest.version}-${manifest.hash}`;
  const dir = join(root, name);
  if (existsSync(join(dir, COMPLETE))) return dir;
  const started = Date.now();
  say(`first start of this build: unpacking ${(manifest.bytes / 1e6).toFixed(0)} MB into ${dir} (HOSTPULSE_CACHE_DIR sets where)`);
  const work = join(root, `.${name}.${process.pid}`);
  try {
    unpack(manifest, work);
    renameSync(work, dir);
  } catch (err) {
    rmSync(work, { recursive: true, force: true });
    // Another hub of this build may have unpacked it at the same time.
    if (existsSync(join(dir, COMPLETE))) return dir;
    say(`cannot unpack into ${root}: ${err.message}; set HOSTPULSE_CACHE_DIR to a directory this user may write`);
    process.exit(1);
  }
  say(`unpacked in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  pruneOthers(root, name);
  return dir;
}

const manifest = JSON.parse(sea.getAsset('manifest.json', 'utf8'));
const dir = buildDir(manifest);
// The hub's native-module loader resolves uWebSockets.js and better-sqlite3 from here.
process.env.HOSTPULSE_NATIVE_DIR = dir;
const importFile = createRequire(join(dir, 'sea-import.cjs'))('./sea-import.cjs');
// The hub starts the load lab with fork(), which runs this executable again with the
// lab's program as the first argument.
const labProgram = join(dir, 'lab-main.mjs');
importFile(process.argv[2] === labProgram ? labProgram : join(dir, 'hostpulse-hub.mjs'));
