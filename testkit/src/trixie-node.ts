import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { homedir } from 'node:os';

// The Nodes and libraries scripts/ci/trixie-node.sh leaves in its cache: npm's Node 22, 24
// and 26 on this machine's glibc and patched onto Debian 13's (issue "runtime"), and Debian
// 13's arm64 libraries. The script writes their paths to paths.env there; this reads it, so
// the layout is known in one place.

/** The script's cache: HOSTPULSE_TRIXIE_CACHE moves it, for the script and here alike. */
const CACHE = process.env.HOSTPULSE_TRIXIE_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'hostpulse-trixie');

/** The Node majors the script pins. */
export type KitNodeMajor = 22 | 24 | 26;

/** A path from the cache's paths.env; throws one line naming the script run that makes it. */
function kitPath(name: string, what: string, scriptArg: string): string {
  const envFile = path.join(CACHE, 'paths.env');
  const line = existsSync(envFile) ? readFileSync(envFile, 'utf8').split('\n').find((l) => l.startsWith(`${name}=`)) : undefined;
  const found = line?.slice(name.length + 1);
  if (!found || !existsSync(found)) throw new Error(`no ${what} in ${CACHE}: run scripts/ci/trixie-node.sh ${scriptArg}`);
  return found;
}

/** npm's Node `major` patched to run on Debian 13's glibc 2.41; it is its own process.execPath. */
export function trixieNode(major: KitNodeMajor): string {
  return kitPath(`HOSTPULSE_NODE${major}_TRIXIE`, `Node ${major} on Debian 13's glibc`, String(major));
}

/** npm's Node `major` as published, on this machine's glibc (Debian 12's 2.36). */
export function plainNode(major: KitNodeMajor): string {
  return kitPath(`HOSTPULSE_NODE${major}`, `Node ${major}`, String(major));
}

/** Debian 13's amd64 libc6, libstdc++6 and libgcc-s1 (their ld.so and libraries in usr/lib/x86_64-linux-gnu), for patchelf. */
export function trixieAmd64Root(): string {
  return kitPath('HOSTPULSE_TRIXIE_AMD64_LIBS', "Debian 13's amd64 libraries", '24');
}

/** Debian 13's arm64 libc6, libstdc++6 and libgcc-s1 as a root for `qemu-aarch64-static -L`. */
export function trixieArm64Root(): string {
  return kitPath('HOSTPULSE_TRIXIE_ARM64_LIBS', "Debian 13's arm64 libraries", 'arm64');
}
