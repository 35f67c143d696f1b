// The native packages a release carries in node_modules/ beside the hub's bundle, for the
// hub's loader (hub/src/native/) to choose from at run time, copied from this checkout's
// npm ci with only what runs on Linux on one architecture:
//   executable  the Node 24 it embeds: uWebSockets.js v20.57's ABI 137 build, better-sqlite3 13
//   tarball     every Node the hub supports: also uWS v20.57 for Node 20, 22 (and 25), uWS
//               v20.30 for Node 20 on glibc older than 2.38, and better-sqlite3 12 for Node 20,
//               which npm ci compiles for this machine only: so on x64, not in the arm64 tarball
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEA_NODE_ABI, SeaError } from '../scripts/node-sea.mjs';

const loader = fileURLToPath(new URL('../hub/dist/native/load.js', import.meta.url));

/** Node 20's module ABI: the uWS v20.30 and better-sqlite3 12 builds are for it alone. */
const NODE_20_ABI = '115';

/**
 * Each package: the files kept (paths inside it, for `arch` and the form's uWS ABIs);
 * `tarballOnly` for Node 20's builds; `thisArchOnly` for better-sqlite3 12 and what loads
 * it, compiled by npm ci for this machine's architecture.
 */
const PACKAGES = [
  { name: 'uWebSockets.js', keep: (arch, abis) => ['package.json', 'uws.js', ...abis.map((abi) => `uws_linux_${arch}_${abi}.node`)] },
  { name: 'better-sqlite3', keep: (arch) => ['package.json', 'LICENSE', /^lib\//, `prebuilds/linux-${arch}.node`] },
  { name: 'uWebSockets.js-v20.30', tarballOnly: true, keep: (arch) => ['package.json', 'LICENSE', 'src/uws.js', `binaries/uws_linux_${arch}_${NODE_20_ABI}.node`] },
  { name: '@hostpulse/sqlite-node20', tarballOnly: true, thisArchOnly: true, keep: () => ['package.json', 'index.cjs'] },
  { name: 'better-sqlite3-12', tarballOnly: true, thisArchOnly: true, keep: () => ['package.json', 'LICENSE', /^lib\//, 'build/Release/better_sqlite3.node'] },
  { name: 'bindings', tarballOnly: true, thisArchOnly: true, keep: () => ['package.json', 'LICENSE.md', 'bindings.js'] },
  { name: 'file-uri-to-path', tarballOnly: true, thisArchOnly: true, keep: () => ['package.json', 'LICENSE', 'index.js'] },
];

/** Where npm put `name`, looking as the hub's loader does. */
function packageDir(name) {
  const dir = createRequire(loader)
    .resolve.paths(name)
    .map((modules) => join(modules, name))
    .find((candidate) => existsSync(join(candidate, 'package.json')));
  if (dir === undefined) throw new SeaError(`${name} is not installed: run npm ci`);
  return dir;
}

/** Every file under `dir`, relative to `base`. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name), base) : [relative(base, join(dir, entry.name))]));
}

/** The uWS v20.57 ABIs a form serves: Node 24's for the executable, every Linux build of `arch` for the tarball. */
function uwsAbis(arch, form) {
  if (form === 'executable') return [SEA_NODE_ABI];
  const prefix = `uws_linux_${arch}_`;
  return readdirSync(packageDir('uWebSockets.js'))
    .filter((file) => file.startsWith(prefix) && file.endsWith('.node'))
    .map((file) => file.slice(prefix.length, -'.node'.length));
}

/** Copies into `modulesDir` the native packages `form` ('executable' or 'tarball') carries for `arch`; returns their names. */
export function copyNativePackages(arch, form, modulesDir) {
  const names = [];
  for (const { name, tarballOnly, thisArchOnly, keep } of PACKAGES) {
    if (tarballOnly && form !== 'tarball') continue;
    if (thisArchOnly && arch !== process.arch) continue;
    const source = packageDir(name);
    const rules = keep(arch, uwsAbis(arch, form));
    const files = filesUnder(source).filter((file) => rules.some((rule) => (typeof rule === 'string' ? rule === file : rule.test(file))));
    const missing = rules.filter((rule) => typeof rule === 'string' && !files.includes(rule));
    if (missing.length > 0) throw new SeaError(`${source} has no ${missing.join(', ')}${thisArchOnly ? ' (npm ci on Node 20 compiles it)' : ''}`);
    for (const file of files) {
      mkdirSync(join(modulesDir, name, file, '..'), { recursive: true });
      cpSync(join(source, file), join(modulesDir, name, file));
    }
    names.push(name);
  }
  return names;
}
