#!/usr/bin/env node
// `npm run release` (after npm run build and npm run build:sea, which the script runs):
// the hub for servers without a checkout, written to release/:
//   hostpulse-hub-linux-x64, -linux-arm64     the hub as a Node 24 single executable
//   hostpulse-hub-VERSION-linux-ARCH.tar.gz   the same files for the host's own Node
//   install-hub.sh, Containerfile, SHA256SUMS
// Both forms hold one tree: the hub, its disk worker and the load lab's program bundled
// (bundle-hub.mjs), the dashboard, the agent executables and install.sh they serve, and
// the native packages in node_modules/ (native-packages.mjs says which for which form).
// Nothing is written when the trees and these scripts are what the last release was made of.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleHub, HUB_PROGRAMS } from './bundle-hub.mjs';
import { contentHash, writeHubExecutable } from './hub-sea.mjs';
import { copyNativePackages } from './native-packages.mjs';
import { mb, run, SEA_ARCHES, SEA_NODE_VERSION, SeaError, sha256 } from '../scripts/node-sea.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(root, 'release');
const work = join(out, '.work');
const stampFile = join(out, '.stamp');
const { version } = JSON.parse(readFileSync(join(root, 'hub/package.json'), 'utf8'));

const say = (line) => process.stderr.write(`release: ${line}\n`);

const AGENT_FILES = ['SHA256SUMS', ...SEA_ARCHES.flatMap((arch) => [`hostpulse-agent-linux-${arch}`, `hostpulse-agent-linux-${arch}.gz`])];
const INPUTS = ['hub/dist/main.js', 'loadgen/dist/lab/lab-main.js', 'dashboard/dist/index.html', 'hub/assets/install.sh', ...AGENT_FILES.map((file) => `agent/dist/${file}`)];
/** What the release is made with besides the trees: these scripts and the SEA steps. */
const TOOLS = [...readdirSync(here).filter((file) => /\.(mjs|cjs|js|sh)$|^Containerfile$/.test(file)).map((file) => join(here, file)), join(root, 'scripts/node-sea.mjs')];

const tarballOf = (arch) => `hostpulse-hub-${version}-linux-${arch}.tar.gz`;
const executableOf = (arch) => `hostpulse-hub-linux-${arch}`;
const ARTIFACTS = [...SEA_ARCHES.flatMap((arch) => [tarballOf(arch), executableOf(arch)]), 'install-hub.sh', 'Containerfile', 'SHA256SUMS'];

/** Every file under `dir`: { path relative to `base`: absolute path }. */
function filesUnder(dir, base = dir) {
  return Object.fromEntries(
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? Object.entries(filesUnder(path, base)) : [[relative(base, path), path]];
    }),
  );
}

/** The files both forms share, written into `tree`. */
function writeCommonTree(tree, bundles) {
  mkdirSync(tree, { recursive: true });
  for (const file of Object.keys(HUB_PROGRAMS)) cpSync(join(bundles, file), join(tree, file));
  cpSync(join(root, 'dashboard/dist'), join(tree, 'dashboard'), { recursive: true });
  mkdirSync(join(tree, 'agent'));
  for (const file of AGENT_FILES) cpSync(join(root, 'agent/dist', file), join(tree, 'agent', file));
  cpSync(join(root, 'hub/assets/install.sh'), join(tree, 'install.sh'));
  const pkg = { name: 'hostpulse-hub', version, private: true, type: 'module', description: 'hostpulse hub: run `node hostpulse-hub.mjs --help`', license: 'MIT' };
  writeFileSync(join(tree, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
}

/** Lays out one architecture's trees in the work directory: the tarball's, and the executable's files. */
function stage(arch, bundles) {
  const common = join(work, arch, 'common');
  writeCommonTree(common, bundles);
  const tree = join(work, arch, 'hostpulse-hub');
  cpSync(common, tree, { recursive: true });
  const natives = copyNativePackages(arch, 'tarball', join(tree, 'node_modules'));
  const seaModules = join(work, arch, 'sea-node_modules');
  copyNativePackages(arch, 'executable', seaModules);
  const seaFiles = { ...filesUnder(common), ...Object.fromEntries(Object.entries(filesUnder(seaModules)).map(([path, file]) => [join('node_modules', path), file])) };
  return { arch, tree, natives, seaFiles };
}

async function release() {
  if (process.platform !== 'linux') throw new SeaError('the release is built on Linux');
  const missing = INPUTS.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) throw new SeaError(`${missing.join(', ')} missing: run npm run build && npm run build:sea (npm run release does)`);
  rmSync(work, { recursive: true, force: true });
  await bundleHub(join(work, 'bundles'));
  const staged = SEA_ARCHES.map((arch) => stage(arch, join(work, 'bundles')));
  const stamp = JSON.stringify({
    trees: staged.map(({ arch, tree, seaFiles }) => [arch, contentHash(filesUnder(tree)), contentHash(seaFiles)]),
    tools: TOOLS.map((file) => [relative(root, file), sha256(file)]),
  });
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && ARTIFACTS.every((file) => existsSync(join(out, file)))) {
    rmSync(work, { recursive: true });
    say(`up to date (${ARTIFACTS.filter((file) => file.startsWith('hostpulse-hub')).join(', ')})`);
    return;
  }
  for (const file of [...ARTIFACTS, '.stamp']) rmSync(join(out, file), { force: true });

  for (const { arch, tree, natives, seaFiles } of staged) {
    say(`writing ${tarballOf(arch)} (native packages: ${natives.join(', ')})`);
    run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '-czf', join(out, tarballOf(arch)), '-C', join(tree, '..'), 'hostpulse-hub']);
    say(`writing ${executableOf(arch)} (Node ${SEA_NODE_VERSION})`);
    const manifest = writeHubExecutable({ arch, version, files: seaFiles, output: join(out, executableOf(arch)), work, say });
    say(`${executableOf(arch)}: build ${manifest.hash}, unpacks ${mb(manifest.bytes)} on its first start`);
  }
  for (const file of ['install-hub.sh', 'Containerfile']) cpSync(join(here, file), join(out, file));
  const summed = ARTIFACTS.filter((file) => file !== 'Containerfile' && file !== 'SHA256SUMS');
  writeFileSync(join(out, 'SHA256SUMS'), summed.map((file) => `${sha256(join(out, file))}  ${file}\n`).join(''));
  writeFileSync(stampFile, stamp);
  rmSync(work, { recursive: true });
  for (const file of ARTIFACTS) say(`${join('release', file)}  ${statSync(join(out, file)).size.toLocaleString('en')} bytes`);
}

try {
  await release();
} catch (err) {
  if (!(err instanceof SeaError)) throw err;
  say(err.message);
  process.exit(1);
}
