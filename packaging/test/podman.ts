import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

// Podman for the release tests, on a storage of its own ($XDG_CACHE_HOME/hostpulse-podman,
// outside the checkout so npm ci keeps it), so that the Debian 13 base imported under the
// official image's name, and the images built from it, never mix with the machine's. With the settings this sandbox needs (issue
// "containers"): no raised rlimits, no journald or systemd (file events, cgroupfs), and runc,
// since crun refuses the machine's hybrid cgroups.

const CACHE = join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'hostpulse-podman');
// Its run-time state (locks, sockets): podman wants that path under 50 characters.
const RUNROOT = join(tmpdir(), `hostpulse-podman-${createHash('sha256').update(CACHE).digest('hex').slice(0, 8)}`);
const CONTAINERS_CONF = `[containers]
default_ulimits = []
[engine]
events_logger = "file"
cgroup_manager = "cgroupfs"
runtime = "runc"
`;

/** The base the Containerfile names in its FROM line. */
export const BASE_IMAGE = /^FROM\s+(\S+)/m.exec(readFileSync(new URL('../Containerfile', import.meta.url), 'utf8'))![1]!;

/** What a command printed and how it ended. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args` to its end; `input` goes to its stdin. */
export function runAsync(command: string, args: readonly string[], { env = process.env, input }: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr }));
    proc.stdin.end(input);
  });
}

/** Runs podman on the tests' storage; `check` (the default) throws with its output when it fails. */
export async function podman(args: readonly string[], { check = true, input }: { check?: boolean; input?: string } = {}): Promise<Ran> {
  mkdirSync(CACHE, { recursive: true });
  const conf = join(CACHE, 'containers.conf');
  if (!existsSync(conf)) writeFileSync(conf, CONTAINERS_CONF);
  const ran = await runAsync('podman', ['--root', join(CACHE, 'storage'), '--runroot', RUNROOT, ...args], { env: { ...process.env, CONTAINERS_CONF: conf }, input });
  if (check && ran.code !== 0) throw new Error(`podman ${args.join(' ')} failed (${ran.code}): ${ran.stderr}${ran.stdout}`);
  return ran;
}

/** The Debian archive this machine installs from (its own release's entry), or $HOSTPULSE_TRIXIE_MIRROR, as scripts/ci/trixie-node.sh finds it. */
function debianMirror(): string {
  if (process.env['HOSTPULSE_TRIXIE_MIRROR']) return process.env['HOSTPULSE_TRIXIE_MIRROR'];
  const codename = /^VERSION_CODENAME=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  const dir = '/etc/apt/sources.list.d';
  const files = ['/etc/apt/sources.list', ...(existsSync(dir) ? readdirSync(dir).map((file) => join(dir, file)) : [])].filter(existsSync);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, uri, suite] of text.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/gm)) if (suite === codename) return uri!;
    for (const paragraph of text.split(/\n\s*\n/)) {
      const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(paragraph)?.[1]?.split(/\s+/) ?? [];
      if (field('Types').includes('deb') && field('Suites').includes(codename!) && field('URIs')[0]) return field('URIs')[0]!;
    }
  }
  throw new Error('no Debian mirror in /etc/apt/sources.list{,.d}: set HOSTPULSE_TRIXIE_MIRROR');
}

/**
 * Makes sure the tests' storage holds BASE_IMAGE: Debian 13 made here (debootstrap
 * --variant=minbase trixie, about 2 minutes) and imported under that name, so no build
 * ever pulls. Kept between runs; a fresh checkout makes it once.
 */
export async function ensureBaseImage(): Promise<void> {
  if ((await podman(['image', 'exists', BASE_IMAGE], { check: false })).code === 0) return;
  const work = mkdtempSync(join(tmpdir(), 'hostpulse-trixie-root-'));
  try {
    const mirror = debianMirror();
    process.stderr.write(`packaging tests: debootstrap --variant=minbase trixie from ${mirror} for ${BASE_IMAGE} (about 2 minutes, once)\n`);
    const root = join(work, 'root');
    const made = await runAsync('debootstrap', ['--variant=minbase', 'trixie', root, mirror]);
    if (made.code !== 0) throw new Error(`debootstrap failed (${made.code}): ${made.stdout.slice(-2000)}${made.stderr}`);
    const packed = await runAsync('tar', ['-C', root, '-cf', join(work, 'root.tar'), '.']);
    if (packed.code !== 0) throw new Error(`tar of the Debian 13 root failed: ${packed.stderr}`);
    await podman(['import', join(work, 'root.tar'), BASE_IMAGE]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
