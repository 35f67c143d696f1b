// The hub as a Node 24 single executable: sea-main.cjs as its main script and the files of
// a release tree as its assets, with a manifest naming them, the build's content hash
// (its cache directory's name) and the agent executables to unzip from their .gz copies.
import { createHash } from 'node:crypto';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256, writeSeaBlob, writeSeaExecutable } from '../scripts/node-sea.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The manifest of `files` ({ path: source file } relative to the tree): an agent
 * executable whose .gz copy is there rides only as the .gz, and is unzipped on unpacking.
 */
function manifestOf(version, files) {
  const gzipped = Object.keys(files).filter((path) => path.startsWith('agent/') && files[`${path}.gz`] !== undefined);
  const entries = Object.keys(files)
    .filter((path) => !gzipped.includes(path))
    .sort()
    .map((path) => ({ path, mode: statSync(files[path]).mode & 0o777 }));
  const gunzip = gzipped.map((path) => ({ from: `${path}.gz`, to: path, mode: statSync(files[path]).mode & 0o777 }));
  const bytes = Object.values(files).reduce((sum, file) => sum + statSync(file).size, 0);
  return { version, hash: contentHash(Object.fromEntries(entries.map(({ path }) => [path, files[path]]))), bytes, files: entries, gunzip };
}

/** A short hash of `files` ({ path: source file }): their paths, modes and contents. */
export function contentHash(files) {
  const hash = createHash('sha256');
  for (const path of Object.keys(files).sort()) hash.update(`${path}\0${statSync(files[path]).mode & 0o777}\0${sha256(files[path])}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** Writes `output`, the hub executable for `arch`, from `files` (see manifestOf); `work` is a scratch directory. */
export function writeHubExecutable({ arch, version, files, output, work, say }) {
  const all = { ...files, 'sea-import.cjs': join(here, 'sea-import.cjs') };
  for (const [path, file] of Object.entries(all)) if (!existsSync(file)) throw new Error(`${path}: ${file} is missing`);
  const manifest = manifestOf(version, all);
  const manifestFile = join(work, `manifest-${arch}.json`);
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const assets = { 'manifest.json': manifestFile };
  for (const { path } of manifest.files) assets[path] = all[path];
  const blob = join(work, `hub-${arch}.blob`);
  const config = join(work, `sea-config-${arch}.json`);
  writeFileSync(config, JSON.stringify({ main: join(here, 'sea-main.cjs'), output: blob, assets, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }));
  writeSeaBlob(config, say);
  writeSeaExecutable(arch, blob, output, say);
  rmSync(blob);
  rmSync(config);
  rmSync(manifestFile);
  return manifest;
}
