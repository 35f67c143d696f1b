#!/usr/bin/env node
// `npm run build:sea`: the agent as Node single executable applications for Linux,
// runnable on hosts without Node. For each architecture it takes npm's official Node
// binary of the pinned Node 24 (scripts/node-sea.mjs), strips its symbols, injects
// dist/sea/hostpulse-agent.cjs (from `npm run build`) with postject, and writes
//   dist/hostpulse-agent-linux-x64, dist/hostpulse-agent-linux-arm64, dist/SHA256SUMS,
// and a gzip copy of each executable (.gz) for the hub to send to clients that accept it.
// Nothing is done when they were made from the same bundle, Node version and scripts.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { mb, SEA_ARCHES, SEA_NODE_VERSION, SeaError, sha256, writeSeaBlob, writeSeaExecutable } from '../scripts/node-sea.mjs';

const agentDir = fileURLToPath(new URL('.', import.meta.url));
const dist = join(agentDir, 'dist');
const seaDir = join(dist, 'sea');
const script = join(seaDir, 'hostpulse-agent.cjs');
const stampFile = join(seaDir, 'stamp.json');

const say = (line) => process.stderr.write(`build-sea: ${line}\n`);
const executable = (arch) => join(dist, `hostpulse-agent-linux-${arch}`);

function isUpToDate(stamp) {
  if (!SEA_ARCHES.every((arch) => existsSync(executable(arch)) && existsSync(`${executable(arch)}.gz`)) || !existsSync(join(dist, 'SHA256SUMS')) || !existsSync(stampFile)) return false;
  const old = JSON.parse(readFileSync(stampFile, 'utf8'));
  return old.script === stamp.script && old.node === stamp.node && old.builder === stamp.builder;
}

function build() {
  if (process.platform !== 'linux') throw new SeaError('the executables are Linux ones; build them on Linux');
  if (!existsSync(script)) throw new SeaError(`${script} is missing: run \`npm run build\` first`);
  const builder = sha256(fileURLToPath(import.meta.url)) + sha256(fileURLToPath(new URL('../scripts/node-sea.mjs', import.meta.url)));
  const stamp = { script: sha256(script), node: SEA_NODE_VERSION, builder };
  if (isUpToDate(stamp)) {
    say(`up to date (Node ${SEA_NODE_VERSION}; ${SEA_ARCHES.map((arch) => `linux-${arch} ${mb(statSync(executable(arch)).size)}`).join(', ')})`);
    return;
  }

  // The blob holds the script only (no snapshot, no code cache), so one blob serves both architectures.
  const blob = join(seaDir, 'hostpulse-agent.blob');
  const config = join(seaDir, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }));
  writeSeaBlob(config, say);

  const sums = [];
  for (const arch of SEA_ARCHES) {
    // A copy of an earlier build must not outlive the executable it was made from.
    rmSync(`${executable(arch)}.gz`, { force: true });
    writeSeaExecutable(arch, blob, executable(arch), say);
    sums.push(`${sha256(executable(arch))}  hostpulse-agent-linux-${arch}\n`);
    writeFileSync(`${executable(arch)}.gz.tmp`, gzipSync(readFileSync(executable(arch))));
    renameSync(`${executable(arch)}.gz.tmp`, `${executable(arch)}.gz`);
    say(`wrote ${executable(arch)} (Node ${SEA_NODE_VERSION}, ${mb(statSync(executable(arch)).size)}; gzip ${mb(statSync(`${executable(arch)}.gz`).size)})`);
  }
  writeFileSync(join(dist, 'SHA256SUMS'), sums.join(''));
  writeFileSync(stampFile, JSON.stringify(stamp) + '\n');
  rmSync(blob);
  rmSync(config);
}

try {
  build();
} catch (err) {
  if (!(err instanceof SeaError)) throw err;
  say(err.message);
  process.exit(1);
}
