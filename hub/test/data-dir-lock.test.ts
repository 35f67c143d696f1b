import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processExists } from '@hostpulse/common';
import { runHub, startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { waitFor } from '@hostpulse/testkit/waits';

// One hub per data dir, held by a lock the operating system drops when the hub dies, however it dies.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const AGENT_TOKEN = 'lock-agent-token';
// A new PID namespace, as in every container: the hub is pid 1 there at every start. It dies with unshare.
const IN_CONTAINER = ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'];

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-lock-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'data');
}

async function hubOn(dir: string, runUnder: readonly string[] = []): Promise<HubProcess> {
  const hub = await startHubProcess(['--agent-token', AGENT_TOKEN, '--data-dir', dir], { runUnder });
  cleanups.push(() => hub.stop('SIGKILL'));
  return hub;
}

/** The hub process unshare started (its child), as this test's PID namespace numbers it. */
const hubPidUnder = (unshare: HubProcess): number => Number(readFileSync(`/proc/${unshare.proc.pid}/task/${unshare.proc.pid}/children`, 'utf8').trim());

const refusal = async (dir: string) => {
  const result = await runHub(['--port', '0', '--agent-token', AGENT_TOKEN, '--data-dir', dir]);
  expect(result.code).toBe(1);
  return result.stderr;
};

describe('data dir lock', () => {
  it('starts again on its data dir after a SIGKILL in a PID namespace, where the new hub has the dead one\'s pid', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    const first = await hubOn(dir, IN_CONTAINER);
    const hubPid = hubPidUnder(first);
    expect(processExists(hubPid)).toBe(true);
    await first.stop('SIGKILL');
    await waitFor(async () => processExists(hubPid), (alive) => !alive, { timeout: 10_000 });

    const second = await hubOn(dir, IN_CONTAINER);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    // Another hub is still refused while the second runs.
    expect(await refusal(dir)).toMatch(/is in use by another hub \(pid 1, .*hostpulse-lock\.db\)/);
  });

  it('refuses a second hub on a data dir a running hub holds, naming its pid, and takes it once that hub is gone', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    const first = await hubOn(dir);
    expect(await refusal(dir)).toMatch(new RegExp(`hostpulse-hub: .* is in use by another hub \\(pid ${first.proc.pid}, `));
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    await first.stop('SIGKILL');
    const second = await hubOn(dir);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
  });

  it('removes the pid file of an older hub unless it names a live process that started before it was written', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    await mkdir(dir, { recursive: true });
    const oldLock = path.join(dir, 'hostpulse.lock');
    // This test's own process started before the file: it could be an older hub running on the data dir.
    await writeFile(oldLock, `${process.pid}\n`);
    expect(await refusal(dir)).toMatch(/is in use by an older hub \(pid \d+, .*hostpulse\.lock\); stop it/);
    expect(existsSync(oldLock)).toBe(true);

    // A process started after the file was written holds that pid now: the lock is stale.
    const later = spawn('sleep', ['60'], { stdio: 'ignore' });
    cleanups.push(async () => later.kill('SIGKILL'));
    await writeFile(oldLock, `${later.pid}\n`);
    const written = new Date(Date.now() - 60_000);
    await utimes(oldLock, written, written);
    const hub = await hubOn(dir);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    expect(existsSync(oldLock)).toBe(false);
  });
});
