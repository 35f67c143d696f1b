import { execFileSync } from 'node:child_process';
import { closeSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '@hostpulse/hub/native';
import type { HubStats } from '@hostpulse/protocol';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';

// A data dir on a small filesystem of the test's own (CI runs as root), filled up by a file beside it.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a full disk', () => {
  it('answers admin writes 503 at once, and writes again as soon as a little space frees, however large the backlog', { timeout: 120_000 }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'hostpulse-full-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', root]);
    cleanups.push(async () => execFileSync('umount', ['-l', root]));
    const dir = path.join(root, 'data');
    const hub = await startHubProcess(['--data-dir', dir]);
    cleanups.push(() => hub.stop('SIGKILL'));
    const { agentToken, adminToken } = JSON.parse(readFileSync(path.join(dir, 'hostpulse-tokens.json'), 'utf8')) as { agentToken: string; adminToken: string };
    const admin = { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' };
    const agent = await ScriptedAgent.connect(hub.url, 'full-host', { token: agentToken });
    cleanups.push(async () => agent.stop());
    // Figures that do not compress: eight bytes a value on disk.
    let seq = 0;
    const send = (count: number) => {
      for (let i = 0; i < count; i++) {
        const sample = makeSample('full-host', 'run-1', ++seq);
        sample.mem.usedBytes = Math.random() * 1e9;
        sample.net = sample.net.map((n) => ({ ...n, rxBytesPerSec: Math.random() * 1e7, txBytesPerSec: Math.random() * 1e7 }));
        agent.socket.send({ type: 'sample', sample });
      }
    };
    const storedSeq = (): number => {
      const db = new (loadSqlite())(path.join(dir, 'hostpulse.db'), { readonly: true, fileMustExist: true });
      try {
        return (db.prepare('SELECT MAX(last_seq) AS seq FROM raw').get() as { seq: number | null }).seq ?? 0;
      } finally {
        db.close();
      }
    };
    const storageFaults = async () => ((await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats).faults['storage'] ?? 0;

    send(300);
    await waitFor(async () => storedSeq(), (stored) => stored > 0, { timeout: 10_000 });
    const filler = openSync(path.join(root, 'filler'), 'w');
    cleanups.push(async () => closeSync(filler));
    const block = Buffer.alloc(64 * 1024, 1);
    for (;;) {
      try {
        writeSync(filler, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        break;
      }
    }
    for (let round = 0; round < 60 && (await storageFaults()) === 0; round++) {
      send(200);
      await sleep(250);
    }
    expect(await storageFaults()).toBeGreaterThan(0);
    // A backlog of megabytes, more than the disk holds, builds while it is full.
    for (let round = 0; round < 20; round++) {
      send(1000);
      await sleep(500);
    }

    const mint = await fetch(`${hub.url}/api/agent-tokens`, { method: 'POST', headers: admin, body: JSON.stringify({ hostId: 'late-host' }), signal: AbortSignal.timeout(10_000) });
    expect(mint.status).toBe(503);
    expect(await mint.text()).toMatch(/disk refuses writes \(SQLITE_FULL.*no token was minted/);
    expect(((await (await fetch(`${hub.url}/api/agent-tokens`, { headers: admin })).json()) as { tokens: unknown[] }).tokens).toEqual([]);
    const rotate = await fetch(`${hub.url}/api/hub-tokens/admin/rotate`, { method: 'POST', headers: admin, signal: AbortSignal.timeout(10_000) });
    expect([rotate.status, await rotate.text()]).toEqual([503, expect.stringMatching(/ENOSPC.*the old one stays in force/)]);

    // 256 KiB freed: a sliver of the backlog, yet writing resumes.
    const stuckAt = storedSeq();
    ftruncateSync(filler, fstatSync(filler).size - 256 * 1024);
    const resumed = await waitFor(async () => storedSeq(), (stored) => stored > stuckAt, { timeout: 15_000 });
    expect(resumed).toBeGreaterThan(stuckAt);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
  });
});
