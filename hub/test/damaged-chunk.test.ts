import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '@hostpulse/hub/native';
import { decodeBlock } from '@hostpulse/hub/store';
import { MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import type { HubStats, SamplesResponse, SeriesResponse } from '@hostpulse/protocol';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { getJson, oneTo, runSamples } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';

// A stored chunk whose bytes went bad on disk (SQLite's own checks pass): answers go on without it.
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const AGENT_TOKEN = 'damaged-agent-token';
const HOST = 'damaged-host';

async function hubWith(args: string[]): Promise<HubProcess> {
  const hub = await startHubProcess(['--agent-token', AGENT_TOKEN, ...args]);
  cleanups.push(() => hub.stop('SIGKILL'));
  return hub;
}

/** Flips eight bytes in the middle of one stored chunk, so it no longer decodes; returns its seqs. */
function damageOneChunk(dir: string): { firstSeq: number; lastSeq: number } {
  const db = new (loadSqlite())(path.join(dir, 'hostpulse.db'));
  try {
    const chunks = db.prepare('SELECT rowid AS id, first_seq AS firstSeq, last_seq AS lastSeq, data FROM raw ORDER BY first_seq').all() as { id: number; firstSeq: number; lastSeq: number; data: Buffer }[];
    const target = chunks[1]!;
    const bytes = Buffer.from(target.data);
    for (let i = 0; i < 8; i++) bytes[(bytes.length >> 1) + i]! ^= 0x5a;
    expect(() => decodeBlock(bytes)).toThrow();
    db.prepare('UPDATE raw SET data = ? WHERE rowid = ?').run(bytes, target.id);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    return target;
  } finally {
    db.close();
  }
}

describe('a damaged chunk on disk', () => {
  it('is left out of samples and series, logged with its key and counted once, and the hub stays up', { timeout: 90_000 }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'hostpulse-damaged-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dir = path.join(root, 'data');
    const first = await hubWith(['--data-dir', dir]);
    const agent = await ScriptedAgent.connect(first.url, HOST, { token: AGENT_TOKEN });
    const start = Date.now() - 400_000;
    for (let seq = 1; seq <= 400; seq++) agent.sendSample(seq, start + seq * 1000);
    await waitFor(() => getJson<SamplesResponse>(first.url, `/api/hosts/${HOST}/samples?run=run-1&after=0&limit=${MAX_SAMPLES_LIMIT}`), (b) => b.lastSeq === 400, { timeout: 15_000 });
    agent.stop();
    expect(await first.stop('SIGTERM')).toBe(0);
    const damaged = damageOneChunk(dir);
    const kept = oneTo(400).filter((seq) => seq < damaged.firstSeq || seq > damaged.lastSeq);
    const seriesPath = `/api/hosts/${HOST}/series?from=${start}&to=${start + 401_000}&points=1000`;

    // The whole window in memory (read back at start), then beyond memory (read from disk at each query).
    for (const history of ['1h', '10s']) {
      const hub = await hubWith(['--data-dir', dir, '--history', history]);
      if (history === '1h') {
        const samples = await runSamples(hub.url, HOST, 'run-1');
        expect(samples.map((sample) => sample.seq)).toEqual(kept);
      }
      const series = await getJson<SeriesResponse>(hub.url, seriesPath);
      expect(series.tier).toBe('raw');
      // Buckets of a second: every sample's but the damaged chunk's.
      expect(series.t).toEqual(kept.map((seq) => Math.floor((start + seq * 1000) / 1000) * 1000));
      await getJson<SeriesResponse>(hub.url, seriesPath);
      const stats = await getJson<HubStats>(hub.url, '/api/stats');
      expect([stats.storage.damagedBlocks, stats.faults['storage']]).toEqual([1, 1]);
      expect(hub.output()).toContain(`damaged block left out of answers block="raw host_id=${HOST} run_id=run-1 first_seq=${damaged.firstSeq}"`);
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      expect(await hub.stop('SIGTERM')).toBe(0);
    }
  });
});
