import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SERIES_POINTS } from '@hostpulse/protocol';
import { startHub } from '../../kit/hub-process.js';
import { hostIds, type Progress } from '../../roles/launch.js';
import { measureDiskBytes, tierFigures } from './disk-bytes.js';
import { measureIngest } from './ingest-cpu.js';
import { measureMemory } from './memory-footprint.js';
import { prefillDatabase } from './prefill.js';
import { measureQueries, WINDOWS } from './query-latency.js';
import type { MemoryRun, QueryResult, StorageResult } from './storage-result.js';
import { measureWindowLoads } from './window-load.js';

/** How the storage scenario runs. */
export interface StorageOptions {
  /** Smaller sizes everywhere, for a smoke run. */
  quick: boolean;
  /** hub/dist/main.js of an older build whose memory is measured too (the "before" figure). */
  beforeHub: string | undefined;
  clientProcs: number;
  /** The ingest hubs run under --cpu-prof and write their profiles here. */
  profileDir: string | undefined;
  /** Every hub's --viewer-token, sent by every client; undefined for none. */
  viewerToken: string | undefined;
}

// Each replay stops at its deadline (a machine busy with other work), and its figures say so.
const FULL = {
  memory: [
    { hosts: 1000, cores: 4, deadlineMs: 600_000 },
    { hosts: 100, cores: 16, deadlineMs: 240_000 },
  ],
  disk: { hosts: 3, hours: 48, deadlineMs: 300_000 },
  ingest: { hosts: 500, intervalMs: 100, seconds: 30, warmupMs: 10_000 },
  queries: { hosts: 100, queries: 40, secondsPerWindow: 20 },
};
const QUICK = {
  memory: [
    { hosts: 100, cores: 4, deadlineMs: 120_000 },
    { hosts: 10, cores: 16, deadlineMs: 60_000 },
  ],
  disk: { hosts: 2, hours: 2, deadlineMs: 60_000 },
  ingest: { hosts: 100, intervalMs: 100, seconds: 5, warmupMs: 3000 },
  queries: { hosts: 10, queries: 10, secondsPerWindow: 5 },
};
/** The shape the memory target compares against its "before" figure: 100 hosts of 16 cores. */
const BEFORE_SHAPE = { cores: 16 };
const HOUR_SAMPLES = 3600;
const PREFILL_DAYS = 30;
// Raw samples of the 4-core hosts cover the 6 h window; the wide host's the 24 h window, which a wide
// chart (points > 1,440) reads from raw.
const PREFILL_RAW_HOURS = 7;
const WIDE_RAW_HOURS = 25;
// The prefilled samples run this far past the prefill, so every window is full when it is read.
const PREFILL_LEAD_MS = 5 * 60_000;
const WIDE_HOST = 'wide-host';
const WIDE_CORES = 16;
const LINK_BYTES_PER_SEC = 1_000_000;
const PUSH_DASHBOARDS = 20;

/**
 * The storage scenario (issue 8): hub RSS per host-hour with a replayed hour in
 * memory, bytes per value on disk per tier from the real agent's samples, ingest
 * CPU with and without a data dir (and push staleness meanwhile), series query
 * latency per window over a prefilled database, and window loads of a 16-core
 * host through a 1 MB/s relay.
 */
export async function runStorage(opts: StorageOptions, progress: Progress): Promise<StorageResult> {
  const sizes = opts.quick ? QUICK : FULL;
  const loadStart = loadavg()[0]!;
  progress(`storage: load average ${loadStart.toFixed(2)} at the start`);
  const memory: MemoryRun[] = [];
  for (const shape of sizes.memory) {
    memory.push(await measureMemory({ ...shape, samplesPerHost: HOUR_SAMPLES, procs: 2, viewerToken: opts.viewerToken }, progress));
  }
  if (opts.beforeHub) {
    const shape = sizes.memory.find((s) => s.cores === BEFORE_SHAPE.cores)!;
    memory.push(await measureMemory({ ...shape, samplesPerHost: HOUR_SAMPLES, beforeHubMain: opts.beforeHub, procs: 2, viewerToken: opts.viewerToken }, progress));
  }
  const disk = await measureDiskBytes({ ...sizes.disk, procs: 1, viewerToken: opts.viewerToken }, progress);
  const ingestPlan = { ...sizes.ingest, dashboards: PUSH_DASHBOARDS, clientProcs: 1, profileDir: opts.profileDir, viewerToken: opts.viewerToken };
  const ingest = [await measureIngest(ingestPlan, false, progress), await measureIngest(ingestPlan, true, progress)];
  const { queries, windowLoads } = await runPrefilled(sizes.queries, opts.viewerToken, progress);
  return { memory, disk, ingest, queries, windowLoads, loadAverage: { start: loadStart, end: loadavg()[0]! } };
}

/** Prefills a database, starts a hub on it, then times series queries and the wide host's window loads. */
async function runPrefilled(
  sizes: { hosts: number; queries: number; secondsPerWindow: number },
  viewerToken: string | undefined,
  progress: Progress,
): Promise<Pick<StorageResult, 'queries' | 'windowLoads'>> {
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-bench-query-'));
  const dataDir = join(dir, 'data');
  try {
    const ids = hostIds('query', sizes.hosts);
    progress(`storage queries: prefilling ${PREFILL_DAYS} days of ${sizes.hosts} 4-core hosts (raw for the last ${PREFILL_RAW_HOURS} h) and one ${WIDE_CORES}-core host (${WIDE_RAW_HOURS} h)`);
    const prefillStart = Date.now();
    const figures = prefillDatabase(
      {
        dataDir,
        shapes: [
          { hostIds: ids, cores: 4, rawHours: PREFILL_RAW_HOURS },
          { hostIds: [WIDE_HOST], cores: WIDE_CORES, rawHours: WIDE_RAW_HOURS },
        ],
        days: PREFILL_DAYS,
        endMs: prefillStart + PREFILL_LEAD_MS,
        sparseEveryMs: 30_000,
      },
      progress,
    );
    const prefillSec = (Date.now() - prefillStart) / 1000;
    progress(`storage queries: prefill took ${prefillSec.toFixed(0)} s, ${(figures.fileBytes / 1024 ** 2).toFixed(0)} MiB; starting a hub on it`);
    const hubStart = Date.now();
    const hub = await startHub({ history: '1h', args: ['--data-dir', dataDir], viewerToken });
    try {
      await tierFigures(hub);
      const hubStartSec = (Date.now() - hubStart) / 1000;
      const windows = await measureQueries(hub, ids, sizes, progress);
      const queries: QueryResult = {
        hosts: sizes.hosts + 1,
        days: PREFILL_DAYS,
        rawHours: PREFILL_RAW_HOURS,
        prefillSec,
        fileBytes: figures.fileBytes,
        tierBytes: Object.fromEntries(figures.tiers.map((t) => [t.tier, t.bytes])),
        hubStartSec,
        windows,
      };
      const windowPlan = {
        hostId: WIDE_HOST,
        windows: WINDOWS.filter((w) => ['5 m', '1 h', '24 h', '30 d'].includes(w.label)),
        linkBytesPerSec: LINK_BYTES_PER_SEC,
        points: MAX_SERIES_POINTS,
        timeoutMs: 20_000,
      };
      const loads = await measureWindowLoads(hub, windowPlan, progress);
      return { queries, windowLoads: { cores: WIDE_CORES, linkBytesPerSec: LINK_BYTES_PER_SEC, points: MAX_SERIES_POINTS, ...loads } };
    } finally {
      await hub.stop(60_000);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
