import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '@hostpulse/common';
import type { HubStats } from '@hostpulse/protocol';
import { decodeBlock, openDatabase, RowBlock, ROLLUP_TIERS } from '@hostpulse/hub/store';
import { sleep } from '../../kit/cpu-window.js';
import { startHub, type HubProcess } from '../../kit/hub-process.js';
import { hostIds, type Progress } from '../../roles/launch.js';
import { replayInto } from './replay.js';
import type { DiskBytesResult, TierBytes } from './storage-result.js';

/** Real agent samples replayed as `hosts` hosts over `hours` at 1 s. */
export interface DiskBytesPlan {
  hosts: number;
  hours: number;
  procs: number;
  deadlineMs: number;
  viewerToken: string | undefined;
}

/** Values a tier holds, counted by decoding every one of its rows. */
interface TierValues {
  values: number;
  /** Raw figures whose column holds one value all through its chunk. */
  constant: number;
}

// A hub with a backlog of roll-ups seals and writes everything before it exits on SIGTERM.
const STOP_GRACE_MS = 120_000;

/**
 * Bytes per value on disk, per tier: the real agent's recorded samples replayed
 * as several hosts over `hours` into a hub with a data dir (raw retention an hour
 * longer, so nothing is purged meanwhile). The hub is stopped, which seals every
 * chunk and writes its roll-ups, and started again, which measures its tiers
 * (SQLite pages of each table and its indexes, served in /api/stats). The values
 * come from decoding every row of each tier.
 */
export async function measureDiskBytes(plan: DiskBytesPlan, progress: Progress): Promise<DiskBytesResult> {
  const tag = `storage disk (${plan.hosts} real-agent hosts x ${plan.hours} h)`;
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-bench-disk-'));
  const dataDir = join(dir, 'data');
  const args = ['--data-dir', dataDir, '--retention', `raw=${plan.hours + 1}h`];
  try {
    progress(`${tag}: starting hub with a data dir`);
    let hub = await startHub({ history: '1h', args, viewerToken: plan.viewerToken });
    let replaySec: number;
    let samples: number;
    let complete: boolean;
    try {
      ({ replaySec, samplesStored: samples, complete } = await replayInto(
        hub,
        {
          hostIds: hostIds('disk', plan.hosts),
          source: { kind: 'recorded' },
          intervalMs: 1000,
          samplesPerHost: plan.hours * 3600,
          lastTsMs: Date.now(),
          procs: plan.procs,
          deadlineMs: plan.deadlineMs,
        },
        tag,
        progress,
      ));
      progress(`${tag}: stopping the hub, which seals and writes every chunk`);
    } finally {
      await hub.stop(STOP_GRACE_MS);
    }
    progress(`${tag}: starting it again to measure its tiers`);
    hub = await startHub({ history: '1h', args, viewerToken: plan.viewerToken });
    let stats: HubStats;
    try {
      stats = await tierFigures(hub);
    } finally {
      await hub.stop(STOP_GRACE_MS);
    }
    const counts = countValues(dataDir);
    const raw = counts.get('raw')!;
    const tiers: TierBytes[] = stats.storage.tiers.map((t) => {
      const values = counts.get(t.tier)?.values ?? 0;
      return { tier: t.tier, bytes: t.bytes, rows: t.rows, values, bytesPerValue: values > 0 ? t.bytes / values : null };
    });
    return {
      hosts: plan.hosts,
      hours: plan.hours,
      samples,
      complete,
      figuresPerSample: samples > 0 ? raw.values / samples : 0,
      constantShare: raw.values > 0 ? raw.constant / raw.values : 0,
      replaySec,
      fileBytes: stats.storage.fileBytes,
      tiers,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits for the hub's first measurement of its tiers: its disk worker makes one at
 * start-up, a walk over every page that should not overlap what is measured next.
 */
export async function tierFigures(hub: HubProcess): Promise<HubStats> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const stats = await hub.stats();
    if (stats.storage.tiers.length > 0) return stats;
    if (Date.now() > deadline) throw new UserError(`the hub measured no tiers within 120 s\n${hub.tail()}`);
    await sleep(250);
  }
}

/** Counts the values each tier holds: raw figures (list counts left out), and min/avg/max per line and bucket. */
function countValues(dataDir: string): Map<string, TierValues> {
  const db = openDatabase(dataDir, { readonly: true });
  const out = new Map<string, TierValues>();
  try {
    const raw: TierValues = { values: 0, constant: 0 };
    for (const { data } of db.prepare('SELECT data FROM raw').iterate() as Iterable<{ data: Buffer }>) {
      const rows = RowBlock.fromBlock(decodeBlock(data));
      for (const key of rows.figureKeys()) {
        if (key.endsWith('/#')) continue;
        const column = rows.column(key)!.subarray(0, rows.n);
        const present = column.filter((v) => !Number.isNaN(v));
        raw.values += present.length;
        if (present.every((v) => v === present[0])) raw.constant += present.length;
      }
    }
    out.set('raw', raw);
    for (const tier of ROLLUP_TIERS) {
      let values = 0;
      for (const { data } of db.prepare(`SELECT data FROM ${tier.table}`).iterate() as Iterable<{ data: Buffer }>) {
        for (const [key, column] of decodeBlock(data).columns) {
          if (/\|(min|avg|max)$/.test(key)) values += column.filter((v) => !Number.isNaN(v)).length;
        }
      }
      out.set(tier.tier, { values, constant: 0 });
    }
  } finally {
    db.close();
  }
  return out;
}
