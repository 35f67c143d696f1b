import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '@hostpulse/hub/native';
import { MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import type { HubStats, SamplesResponse, SeriesResponse } from '@hostpulse/protocol';
import { runHub, startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { oneTo, runSamples, seqsOfRun } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket } from '@hostpulse/testkit/test-socket';

// A real hub process with a real data dir: what survives a restart, what the hub refuses to touch, what retention drops.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-data-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'data');
}

// A hub with a data dir always wants an agent token; given, the hub keeps none of its own.
const AGENT_TOKEN = 'history-agent-token';

async function hubWith(args: string[]): Promise<HubProcess> {
  const hub = await startHubProcess(['--agent-token', AGENT_TOKEN, ...args]);
  cleanups.push(() => hub.stop('SIGKILL'));
  return hub;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** What the hub holds of a run: the first answer, with every sample of the run however many answers it takes. */
const samplesOf = async (hub: HubProcess, hostId: string, runId: string): Promise<SamplesResponse> => ({
  ...(await getJson<SamplesResponse>(`${hub.url}/api/hosts/${hostId}/samples?run=${runId}&after=0&limit=${MAX_SAMPLES_LIMIT}`)),
  samples: await runSamples(hub.url, hostId, runId),
});

async function statsOf(hub: HubProcess): Promise<HubStats> {
  return getJson<HubStats>(`${hub.url}/api/stats`);
}

describe('history on disk', () => {
  it('serves every sample held before a SIGTERM again after the restart, and the series from before too', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    const first = await hubWith(['--data-dir', dir]);
    const agent = await ScriptedAgent.connect(first.url, 'kept-host', { token: AGENT_TOKEN });
    const start = Date.now() - 400_000;
    for (let seq = 1; seq <= 400; seq++) agent.sendSample(seq, start + seq * 1000);
    const before = await waitFor(() => samplesOf(first, 'kept-host', 'run-1'), (b) => b.lastSeq === 400, { timeout: 15_000 });
    expect(seqsOfRun(before, 'run-1')).toEqual(oneTo(400));
    const seriesUrl = (hub: HubProcess) => `${hub.url}/api/hosts/kept-host/series?from=${start}&to=${start + 401_000}&points=100`;
    const seriesBefore = await getJson<SeriesResponse>(seriesUrl(first));
    agent.stop();
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await hubWith(['--data-dir', dir]);
    expect(second.output()).toMatch(/listening .*hostsRestored=1/);
    const after = await samplesOf(second, 'kept-host', 'run-1');
    expect(after.samples).toEqual(before.samples);
    expect(after.online).toBe(false);
    const seriesAfter = await getJson<SeriesResponse>(seriesUrl(second));
    expect(seriesAfter.t).toEqual(seriesBefore.t);
    expect(seriesAfter.lines).toEqual(seriesBefore.lines);
    // The agent comes back: the hub tells it the last seq it stored, so it sends only what follows.
    const again = await ScriptedAgent.connect(second.url, 'kept-host', { token: AGENT_TOKEN });
    expect(again.welcome['lastSeq']).toBe(400);
    again.stop();
  });

  it('refuses a data dir holding a damaged database, a foreign one or a stranger file, naming it, and changes nothing', { timeout: 30_000 }, async () => {
    const refusal = async (dir: string) => {
      const result = await runHub(['--port', '0', '--data-dir', dir]);
      expect(result.code).toBe(1);
      // One line says why, after whatever the hub logged before it opened the data dir.
      const lines = result.stderr.trim().split('\n').filter((line) => line.startsWith('hostpulse-hub: '));
      expect(lines).toHaveLength(1);
      return lines[0]!;
    };

    const damagedDir = await dataDir();
    const first = await hubWith(['--data-dir', damagedDir]);
    await first.stop('SIGTERM');
    const dbPath = path.join(damagedDir, 'hostpulse.db');
    const bytes = await readFile(dbPath);
    // Damage the middle of the file: the schema page stays readable, the rest does not add up.
    const damaged = Buffer.from(bytes);
    damaged.fill(0xa5, 4096, Math.min(damaged.length, 4096 * 4));
    await writeFile(dbPath, damaged);
    const damagedLine = await refusal(damagedDir);
    expect(damagedLine).toMatch(/^hostpulse-hub: .*hostpulse\.db.*(damaged|not a database)/);
    expect((await readFile(dbPath)).equals(damaged)).toBe(true);

    const foreignDir = await dataDir();
    await mkdir(foreignDir, { recursive: true });
    const foreign = new (loadSqlite())(path.join(foreignDir, 'hostpulse.db'));
    foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)');
    foreign.close();
    expect(await refusal(foreignDir)).toMatch(/hostpulse\.db is not a hostpulse database/);
    const stillThere = new (loadSqlite())(path.join(foreignDir, 'hostpulse.db'), { readonly: true });
    expect(stillThere.prepare('SELECT total FROM invoices').get()).toEqual({ total: 12.5 });
    stillThere.close();

    const strangerDir = await dataDir();
    await mkdir(strangerDir, { recursive: true });
    await writeFile(path.join(strangerDir, 'notes.txt'), 'mine');
    expect(await refusal(strangerDir)).toMatch(/notes\.txt is not a hostpulse file/);
    expect(await readFile(path.join(strangerDir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('purges what is older than a short --retention, tier by tier', { timeout: 60_000 }, async () => {
    const dir = await dataDir();
    const hub = await hubWith(['--data-dir', dir, '--history', '10s', '--retention', 'raw=2m,1m=3m,1h=1y']);
    const agent = await ScriptedAgent.connect(hub.url, 'old-host', { token: AGENT_TOKEN });
    // Two chunks' worth from two hours ago (sealed and rolled up at once), then a few samples of now.
    const old = Date.now() - 2 * 3_600_000;
    for (let seq = 1; seq <= 300; seq++) agent.sendSample(seq, old + seq * 1000);
    for (let seq = 301; seq <= 305; seq++) agent.sendSample(seq);
    // Housekeeping runs every 10 s: the old raw chunks and 1-minute roll-ups go, the 1-hour ones stay.
    await hub.waitForOutput(/history trimmed purgedRows=\d+/, 40_000);
    const tiers = async () => Object.fromEntries((await statsOf(hub)).storage.tiers.map((t) => [t.tier, t.rows]));
    const purged = await waitFor(tiers, (t) => t['1h'] !== undefined && t['1h'] >= 1, { timeout: 5_000 });
    expect(purged['raw']).toBeLessThanOrEqual(1);
    expect(purged['1m']).toBe(0);
    expect(purged['1h']).toBeGreaterThanOrEqual(1);
    agent.stop();
  });

  it('keeps live data flowing on a full disk, counts the fault, and writes everything once space returns', { timeout: 90_000 }, async () => {
    // A small filesystem of the test's own (CI runs as root), filled up by a file beside the data dir.
    const root = await mkdtemp(path.join(tmpdir(), 'hostpulse-full-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', root]);
    cleanups.push(async () => execFileSync('umount', ['-l', root]));
    const dir = path.join(root, 'data');
    const filler = path.join(root, 'filler');
    const hub = await hubWith(['--data-dir', dir]);
    const agent = await ScriptedAgent.connect(hub.url, 'full-host', { token: AGENT_TOKEN });
    const live = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
    live.send({ type: 'subscribe', topic: 'host/full-host', limit: 1 });
    await live.next((m) => m.type === 'snapshot');
    // Figures that do not compress: eight bytes a value on disk.
    let seq = 0;
    const sendBatch = (count: number) => {
      for (let i = 0; i < count; i++) {
        const sample = makeSample('full-host', 'run-1', ++seq);
        sample.mem.usedBytes = Math.random() * 1e9;
        sample.net = sample.net.map((n) => ({ ...n, rxBytesPerSec: Math.random() * 1e7, txBytesPerSec: Math.random() * 1e7 }));
        sample.cpu.cores = sample.cpu.cores.map(() => ({ userPct: Math.random() * 50, systemPct: Math.random() * 10, iowaitPct: Math.random(), stealPct: 0, idlePct: Math.random() * 40 }));
        agent.socket.send({ type: 'sample', sample });
      }
    };
    sendBatch(200);
    await waitFor(() => statsOf(hub), (st) => st.storage.fileBytes > 0, { timeout: 10_000 });
    // Fill every block that is left, whatever the hub writes meanwhile.
    const fill = await open(filler, 'w');
    const block = Buffer.alloc(64 * 1024);
    for (;;) {
      try {
        await fill.write(block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        break;
      }
    }
    await fill.close();
    expect((await statfs(root)).bavail).toBeLessThan(16);
    const faults = async () => (await statsOf(hub)).faults['storage'] ?? 0;
    for (let round = 0; round < 60 && (await faults()) === 0; round++) {
      sendBatch(200);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await faults()).toBeGreaterThan(0);
    expect(hub.output()).toMatch(/fault kind=storage .*code=SQLITE_FULL/);
    // Live data kept flowing to the dashboard the whole time.
    await waitFor(async () => live.messages.filter((m) => m.type === 'sample').length, (n) => n >= seq, { timeout: 10_000 });
    expect(live.messages.filter((m) => m.type === 'sample').map((m) => (m['sample'] as { seq: number }).seq)).toEqual(oneTo(seq));

    await rm(filler);
    const faultsWhenFreed = await faults();
    await new Promise((r) => setTimeout(r, 7000));
    sendBatch(10);
    await new Promise((r) => setTimeout(r, 1000));
    // The writes kept back went in once space returned: no new faults, and all of it is on disk after a restart.
    expect(await faults()).toBeLessThanOrEqual(faultsWhenFreed + 1);
    agent.stop();
    live.close();
    expect(await hub.stop('SIGTERM')).toBe(0);
    const again = await hubWith(['--data-dir', dir]);
    const stored = await samplesOf(again, 'full-host', 'run-1');
    expect(stored.lastSeq).toBe(seq);
    expect(seqsOfRun(stored, 'run-1')).toEqual(oneTo(seq).slice(-Math.min(seq, MAX_SAMPLES_LIMIT)));
  });
});
