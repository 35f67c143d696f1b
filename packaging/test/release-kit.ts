import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { spawnChild } from '@hostpulse/testkit/child';
import { LISTENING_LINE, type HubProcess } from '@hostpulse/testkit/hub-process';
import { trixieAmd64Root } from '@hostpulse/testkit/trixie-node';

// What the release tests share: where `npm run release` put the artifacts, temporary
// directories outside the repository, a released hub started and checked.

/** release/ at the repository's root. */
export const RELEASE = fileURLToPath(new URL('../../release/', import.meta.url));

/** The version the release carries (the hub's). */
export const VERSION = (JSON.parse(readFileSync(new URL('../../hub/package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The path of one artifact; throws one line naming the command that makes it. */
export function artifact(name: string): string {
  const path = join(RELEASE, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run release (npm test does)`);
  return path;
}

const dirs: string[] = [];

/** A new directory under the system's temporary one, far from the repository and its node_modules. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hostpulse-${name}-`));
  dirs.push(dir);
  return dir;
}

/** Removes every directory tempDir made. */
export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs a command to its end; throws with its output when it fails. */
export function runOk(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): string {
  const result = spawnSync(command, args, { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/**
 * Points a copy of an executable at Debian 13's ld.so and libraries (glibc 2.41) from
 * scripts/ci/trixie-node.sh's kit, in two patchelf calls (0.14 breaks RUNPATH when one
 * call sets both). The injected blob survives: it sits in a note section patchelf moves whole.
 */
export function onDebian13Glibc(executable: string): void {
  const libs = join(trixieAmd64Root(), 'usr/lib/x86_64-linux-gnu');
  runOk('patchelf', ['--set-interpreter', join(libs, 'ld-linux-x86-64.so.2'), executable]);
  runOk('patchelf', ['--set-rpath', libs, executable]);
}

/** Starts a released hub (`command` and `args`, on port 0) with `env` as its whole environment, and waits for it to listen. */
export async function startReleasedHub(command: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<HubProcess> {
  const [file, ...rest] = command;
  const child = spawnChild(file!, [...rest, '--port', '0', ...args], { LOG_LEVEL: 'info', ...env });
  try {
    const port = Number((await child.waitForOutput(LISTENING_LINE, timeoutMs))[1]);
    return { ...child, port, url: `http://127.0.0.1:${port}` };
  } catch (error) {
    await child.stop('SIGKILL');
    throw error;
  }
}

/** Checks that the hub at `url` answers /healthz and serves the dashboard: its page and the script the page loads. */
export async function expectServesDashboard(url: string): Promise<void> {
  expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
  const page = await (await fetch(`${url}/`)).text();
  expect(page).toContain('<title>hostpulse</title>');
  const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(page)?.[1];
  expect(script).toBeDefined();
  const res = await fetch(`${url}/${script}`);
  expect(res.status).toBe(200);
  expect((await res.text()).length).toBeGreaterThan(10_000);
}

/** The agent token in what `hostpulse-hub --print-tokens` printed. */
export function agentTokenIn(printed: string): string {
  const token = /^agent token: (\S+)/m.exec(printed)?.[1];
  if (token === undefined) throw new Error(`no agent token in: ${printed}`);
  return token;
}
