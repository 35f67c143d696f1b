// The native packages a release carries in node_modules/ beside the hub's bundle, for the
// hub's loader (hub/src/native/) to choose from at run time, copied from this checkout's
// npm ci with only what runs on Linux on one architecture:
//   executable  the Node 24 it embeds: uWebSockets.js v20.57's ABI 137 build, better-sqlite3 13
//   tarball     every Node the hub supports: uWS v20.57's builds for Node 22, 24 (and 25) and
//               better-sqlite3 13; and for Node 20, uWS v20.57's and v20.30's (glibc older
//               than 2.38) builds and better-sqlite3 12, which npm ci compiles for this
//               machine alone: so Node 20's builds are in this machine's architecture's
//               tarball only, and the other tarball serves Node 22 and 24
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEA_NODE_ABI, SeaError } from '../scripts/node-sea.mjs';

const loader = fileURLToPath(new URL('../hub/dist/native/load.js', import.meta.url));

/** Node 20's module ABI. */
const NODE_20_ABI = '115';

/** Each package: the files kept (paths inside it, for `arch` and the form's uWS ABIs); `node20` for the packages only Node 20 loads. */
const PACKAGES = [
  { name: 'uWebSockets.js', keep: (arch, abis) => ['package.json', 'uws.js', ...abis.map((abi) => `uws_linux_${arch}_${abi}.node`)] },
  { name: 'better-sqlite3', keep: (arch) => ['package.json', 'LICENSE', /^lib\//, `prebuilds/linux-${arch}.node`] },
  { name: 'uWebSockets.js-v20.30', node20: true, keep: (arch) => ['package.json', 'LICENSE', 'src/uws.js', `binaries/uws_linux_${arch}_${NODE_20_ABI}.node`] },
  { name: '@hostpulse/sqlite-node20', node20: true, keep: () => ['package.json', 'index.cjs'] },
  { name: 'better-sqlite3-12', node20: true, keep: () => ['package.json', 'LICENSE', /^lib\//, 'build/Release/better_sqlite3.node'] },
  { name: 'bindings', node20: true, keep: () => ['package.json', 'LICENSE.md', 'bindings.js'] },
  { name: 'file-uri-to-path', node20: true, keep: () => ['package.json', 'LICENSE', 'index.js'] },
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

/** The uWS v20.57 ABIs a form serves: Node 24's for the executable, every Linux build of `arch` for the tarball, Node 20's only with `node20`. */
function uwsAbis(arch, form, node20) {
  if (form === 'executable') return [SEA_NODE_ABI];
  const prefix = `uws_linux_${arch}_`;
  return readdirSync(packageDir('uWebSockets.js'))
    .filter((file) => file.startsWith(prefix) && file.endsWith('.node'))
    .map((file) => file.slice(prefix.length, -'.node'.length))
    .filter((abi) => node20 || abi !== NODE_20_ABI);
}

/** Copies into `modulesDir` the native packages `form` ('executable' or 'tarball') carries for `arch`; returns their names. */
export function copyNativePackages(arch, form, modulesDir) {
  const node20 = form === 'tarball' && arch === process.arch;
  const names = [];
  for (const { name, keep, ...only } of PACKAGES) {
    if (only.node20 && !node20) continue;
    const source = packageDir(name);
    const rules = keep(arch, uwsAbis(arch, form, node20));
    const files = filesUnder(source).filter((file) => rules.some((rule) => (typeof rule === 'string' ? rule === file : rule.test(file))));
    const missing = rules.filter((rule) => typeof rule === 'string' && !files.includes(rule));
    if (missing.length > 0) throw new SeaError(`${source} has no ${missing.join(', ')}${only.node20 ? ' (npm ci on Node 20 compiles better-sqlite3 12)' : ''}`);
    for (const file of files) {
      mkdirSync(join(modulesDir, name, file, '..'), { recursive: true });
      cpSync(join(source, file), join(modulesDir, name, file));
    }
    names.push(name);
  }
  return names;
}
