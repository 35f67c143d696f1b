import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostTopic } from '@hostpulse/protocol';
import { percentile, type ClientReport } from '@hostpulse/loadgen';
import type { ChildLink } from '../../kit/child-link.js';
import { sleep, startCpuWindow, startMachineWindow } from '../../kit/cpu-window.js';
import { startHub } from '../../kit/hub-process.js';
import { hostIds, startAgents, startPushClients, stopAll, type Progress } from '../../roles/launch.js';
import { mergeReports } from '../../kit/merge-reports.js';
import { readProcStatus } from '../../kit/proc-stat.js';
import type { IngestRun } from './storage-result.js';

/** Agents streaming in real time at `intervalMs`, and `dashboards` push dashboards each on one host. */
export interface IngestPlan {
  hosts: number;
  intervalMs: number;
  dashboards: number;
  seconds: number;
  warmupMs: number;
  clientProcs: number;
  profileDir: string | undefined;
  viewerToken: string | undefined;
}

/**
 * The hub's CPU while simulated agents stream (the bench's 4-core shape), memory
 * only or with a data dir, and the staleness push dashboards see meanwhile: with
 * a data dir the window spans chunk seals and the open chunks' early writes. The
 * hub's /api/stats is read every second for its event-loop delay and ingest rate.
 */
export async function measureIngest(plan: IngestPlan, dataDir: boolean, progress: Progress): Promise<IngestRun> {
  const tag = `storage ingest (${dataDir ? 'data dir' : 'memory only'})`;
  const dir = dataDir ? mkdtempSync(join(tmpdir(), 'hostpulse-bench-ingest-')) : null;
  progress(`${tag}: starting hub`);
  const hub = await startHub({ history: '1h', args: ['--data-dir', dir ? join(dir, 'data') : 'none'], profileDir: plan.profileDir, viewerToken: plan.viewerToken });
  const links: ChildLink[] = [];
  try {
    const ids = hostIds('ingest', plan.hosts);
    progress(`${tag}: connecting ${plan.hosts} simulated agents at ${plan.intervalMs} ms and ${plan.dashboards} push dashboards`);
    links.push(await startAgents(hub, ids, plan.intervalMs, 1));
    const clients = await startPushClients(hub, Array.from({ length: plan.dashboards }, (_, i) => [hostTopic(ids[i % ids.length]!)]), plan.clientProcs, 'parse');
    links.push(...clients);
    await sleep(plan.warmupMs);
    progress(`${tag}: measuring ${plan.seconds} s`);
    await Promise.all(clients.map((l) => l.call('reset')));
    const faultsBefore = sumFaults((await hub.stats()).faults);
    const cpu = startCpuWindow(hub.pid);
    const machine = startMachineWindow();
    const delays: number[] = [];
    const rates: number[] = [];
    const endAt = Date.now() + plan.seconds * 1000;
    while (Date.now() < endAt) {
      await sleep(1000);
      const stats = await hub.stats();
      delays.push(stats.process.eventLoopDelayP99Ms);
      rates.push(stats.agents.samplesPerSec);
    }
    const use = cpu.finish();
    const machineBusyPct = machine.finish();
    await Promise.all(clients.map((l) => l.call('mark')));
    const statsAfter = await hub.stats();
    await sleep(500);
    const report = mergeReports(await Promise.all(clients.map((l) => l.call<ClientReport>('report'))));
    const run: IngestRun = {
      dataDir,
      hosts: plan.hosts,
      intervalMs: plan.intervalMs,
      windowSec: use.wallSec,
      samplesPerSec: rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length),
      hubCpuPct: use.pct,
      hubSystemPct: use.systemPct,
      machineBusyPct,
      rssBytes: readProcStatus(hub.pid)?.rssBytes ?? 0,
      eventLoopDelayMaxP99Ms: delays.length > 0 ? Math.max(...delays) : null,
      eventLoopDelayP99MsBySecond: delays,
      dashboards: report.clients,
      stalenessP50Ms: percentile(report.staleness, 50),
      stalenessP99Ms: percentile(report.staleness, 99),
      stalenessMaxMs: percentile(report.staleness, 100),
      seqGaps: report.missing,
      faults: sumFaults(statsAfter.faults) - faultsBefore,
    };
    progress(
      `${tag}: ${run.samplesPerSec.toFixed(0)} samples/s, hub CPU ${run.hubCpuPct.toFixed(1)}%, ` +
        `staleness p50 ${run.stalenessP50Ms} ms p99 ${run.stalenessP99Ms} ms, event-loop p99 up to ${run.eventLoopDelayMaxP99Ms?.toFixed(1)} ms`,
    );
    return run;
  } finally {
    await stopAll(links);
    await hub.stop(60_000);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function sumFaults(faults: Record<string, number>): number {
  return Object.values(faults).reduce((a, b) => a + b, 0);
}
