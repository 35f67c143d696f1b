import { sleep } from '../../kit/cpu-window.js';
import { startHub } from '../../kit/hub-process.js';
import { hostIds, type Progress } from '../../roles/launch.js';
import { ownCpuSec, readProcStat, readProcStatus } from '../../kit/proc-stat.js';
import { replayInto } from './replay.js';
import type { MemoryRun } from './storage-result.js';

/** One memory measurement: `hosts` simulated hosts of `cores` cores, each replaying `samplesPerHost` at 1 s. */
export interface MemoryPlan {
  hosts: number;
  cores: number;
  samplesPerHost: number;
  /** Another build's hub/dist/main.js, measured as `before`; this repository's hub when absent. */
  beforeHubMain?: string;
  procs: number;
  deadlineMs: number;
  viewerToken: string | undefined;
}

const INTERVAL_MS = 1000;
// RSS is read this long after the replay, once the hub has settled.
const SETTLE_MS = 3000;

/**
 * Replays one window per host into a memory-only hub with --history 1h, then
 * reads its RSS. The window ends at the replay's deadline, so no sample ages out
 * of the hub's hour before RSS is read: the hub holds every host-hour replayed.
 */
export async function measureMemory(plan: MemoryPlan, progress: Progress): Promise<MemoryRun> {
  const build = plan.beforeHubMain ? 'before' : 'this';
  const tag = `storage memory (${build} hub, ${plan.hosts} x ${plan.cores}-core hosts)`;
  progress(`${tag}: starting hub`);
  // An older hub knows no --data-dir, and keeps memory only anyway.
  const hub = await startHub({ history: '1h', args: plan.beforeHubMain ? [] : ['--data-dir', 'none'], hubMain: plan.beforeHubMain, viewerToken: plan.viewerToken });
  try {
    await sleep(1000);
    const idleRssBytes = readProcStatus(hub.pid)?.rssBytes ?? 0;
    const cpuStart = readProcStat(hub.pid);
    const { replaySec, samplesStored, complete } = await replayInto(
      hub,
      {
        hostIds: hostIds(`mem${plan.cores}`, plan.hosts),
        source: { kind: 'simulated', cores: plan.cores, seed: 1 },
        intervalMs: INTERVAL_MS,
        samplesPerHost: plan.samplesPerHost,
        lastTsMs: Date.now() + plan.deadlineMs,
        procs: plan.procs,
        deadlineMs: plan.deadlineMs,
      },
      tag,
      progress,
    );
    await sleep(SETTLE_MS);
    const cpuEnd = readProcStat(hub.pid);
    const status = readProcStatus(hub.pid);
    const stats = await hub.stats();
    const rssBytes = status?.rssBytes ?? 0;
    const hostHours = (samplesStored * INTERVAL_MS) / 3_600_000;
    const run: MemoryRun = {
      build,
      hosts: plan.hosts,
      cores: plan.cores,
      samplesPerHost: plan.samplesPerHost,
      samplesStored,
      complete,
      replaySec,
      hubCpuSec: cpuStart && cpuEnd ? ownCpuSec(cpuEnd) - ownCpuSec(cpuStart) : 0,
      idleRssBytes,
      rssBytes,
      peakRssBytes: status?.peakRssBytes ?? 0,
      heapUsedBytes: stats.process.heapUsedBytes,
      // A hub from before the store has no storage figures.
      storeMemoryBytes: (stats as Partial<typeof stats>).storage?.memoryBytes ?? null,
      rssPerHostHourBytes: hostHours > 0 ? rssBytes / hostHours : 0,
    };
    progress(`${tag}: RSS ${(rssBytes / 1024 ** 2).toFixed(1)} MiB after ${replaySec.toFixed(0)} s, ${(run.rssPerHostHourBytes / 1024 ** 2).toFixed(2)} MiB per host-hour`);
    return run;
  } finally {
    await hub.stop();
  }
}
