import { loadavg } from 'node:os';
import { hostTopic } from '@hostpulse/protocol';
import type { ClientReport } from '@hostpulse/loadgen';
import { ChildLink } from '../../kit/child-link.js';
import { sleep, startCpuWindow } from '../../kit/cpu-window.js';
import { BENCH_TOKEN, startHub, type HubProcess } from '../../kit/hub-process.js';
import { hostIds, startPollClients, startPushClients, stopAll, type Progress } from '../../roles/launch.js';
import { mergeReports } from '../../kit/merge-reports.js';
import { readProcStatus } from '../../kit/proc-stat.js';
import type { SoakAgentsDrained, SoakAgentsReport, SoakAgentsStartArgs } from './soak-agents.js';
import { HistoryAudit } from './history-audit.js';
import { countLost } from './lost-samples.js';
import { memoryGrowth, soakWarmupMs } from './memory-growth.js';
import type { HubReading, SoakResult } from './soak-result.js';

/** Sizes of one soak. */
export interface SoakOptions {
  minutes: number;
  agents: number;
  /** Dashboards, half push and half poll, each watching one host. */
  dashboards: number;
  clientProcs: number;
  /** The hub's viewer token (--viewer-token or HOSTPULSE_VIEWER_TOKEN), sent by every client. */
  viewerToken: string | undefined;
}

const READ_EVERY_MS = 10_000;
const PROGRESS_EVERY_MS = 30_000;
const POLL_INTERVAL_MS = 1000;
const MiB = 1024 ** 2;

async function readHub(hub: HubProcess, atMs: number): Promise<HubReading> {
  const stats = await hub.stats().catch(() => null);
  return {
    atMs,
    rssBytes: readProcStatus(hub.pid)?.rssBytes ?? 0,
    heapUsedBytes: stats?.process.heapUsedBytes ?? null,
    agentsConnected: stats?.agents.connected ?? null,
  };
}

const clock = (ms: number): string => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

/**
 * The soak: agents that drop, pause and restart at random, push and poll dashboards
 * on host topics, the hub's RSS read every 10 s, and its history audited often
 * enough to see every sample it stored, compared at the end with what agents made.
 */
export async function runSoak(opts: SoakOptions, progress: Progress): Promise<SoakResult> {
  const runMs = opts.minutes * 60_000;
  const warmupMs = soakWarmupMs(runMs);
  // History as long as the warm-up: the rings are full (steady state) when RSS is first compared.
  const hubHistoryMs = Math.max(10_000, warmupMs);
  const auditEveryMs = hubHistoryMs / 4;
  const loadStart = loadavg()[0]!;
  progress(`soak: starting hub (history ${hubHistoryMs / 1000} s), load average ${loadStart.toFixed(2)}`);
  const hub = await startHub({ history: String(hubHistoryMs), viewerToken: opts.viewerToken });
  const ids = hostIds('soak', opts.agents);
  const agents = ChildLink.start('soak agents', 'soak-agents');
  const clients: ChildLink[] = [];
  try {
    const args: SoakAgentsStartArgs = {
      hubUrl: `ws://127.0.0.1:${hub.port}`,
      token: BENCH_TOKEN,
      hostIds: ids,
      intervalMs: 1000,
      seed: 5,
      faultEveryMs: 3000,
      faultsPerTick: 3,
      maxAway: 20,
    };
    progress(`soak: ${opts.agents} agents at 1 Hz; every 3 s up to 3 drop (0.2-1 s), pause (2-10 s) or restart`);
    await agents.call('start', args, 60_000);
    await sleep(2000);
    const half = Math.floor(opts.dashboards / 2);
    const watched = (i: number): string => ids[i % ids.length]!;
    progress(`soak: ${half} push and ${opts.dashboards - half} poll dashboards (1 s, after=seq, ETag), one host each`);
    const push = await startPushClients(hub, Array.from({ length: half }, (_, i) => [hostTopic(watched(i))]), opts.clientProcs, 'parse');
    clients.push(...push);
    const pollSpecs = Array.from({ length: opts.dashboards - half }, (_, i) => ({ clientId: `bench-soak-${i}`, hosts: [watched(half + i)] }));
    const poll = await startPollClients(hub, pollSpecs, POLL_INTERVAL_MS, opts.clientProcs);
    clients.push(...poll);
    const audit = new HistoryAudit(`http://127.0.0.1:${hub.port}`, ids, opts.viewerToken);
    const reports = async (links: ChildLink[]): Promise<ClientReport> => mergeReports(await Promise.all(links.map((l) => l.call<ClientReport>('report'))));

    const t0 = Date.now();
    const hubCpu = startCpuWindow(hub.pid);
    const readings: HubReading[] = [await readHub(hub, 0)];
    let nextRead = READ_EVERY_MS;
    let nextAudit = 0;
    let nextProgress = PROGRESS_EVERY_MS;
    while (Date.now() - t0 < runMs) {
      const now = Date.now() - t0;
      if (now >= nextAudit) {
        await audit.round();
        nextAudit += auditEveryMs;
      }
      if (now >= nextRead) {
        readings.push(await readHub(hub, now));
        nextRead += READ_EVERY_MS;
      }
      if (now >= nextProgress) {
        nextProgress += PROGRESS_EVERY_MS;
        const last = readings[readings.length - 1]!;
        const a = await agents.call<SoakAgentsReport>('report');
        const [p, q] = [await reports(push), await reports(poll)];
        progress(
          `soak ${clock(now)}/${clock(runMs)}: hub RSS ${(last.rssBytes / MiB).toFixed(1)} MiB, heap ${((last.heapUsedBytes ?? 0) / MiB).toFixed(1)} MiB; ` +
            `agents live ${a.live}/${a.agents}, faults ${a.faults.drops} drops ${a.faults.pauses} pauses ${a.faults.restarts} restarts, ` +
            `replayed ${a.counts.replayed}; push gaps ${p.missing} closes ${Object.values(p.closeCodes).reduce((x, y) => x + y, 0)}; ` +
            `poll gaps ${q.missing} errors ${q.errors}; load ${loadavg()[0]!.toFixed(2)}`,
        );
      }
      await sleep(Math.max(0, Math.min(nextAudit, nextRead, nextProgress, runMs) - (Date.now() - t0)));
    }
    const hubCpuPct = hubCpu.finish().pct;
    readings.push(await readHub(hub, Date.now() - t0));
    progress('soak: stopping faults and sampling; waiting for every agent to be connected and flushed');
    const drained = await agents.call<SoakAgentsDrained>('drain', undefined, 60_000);
    await sleep(1500);
    await audit.round();
    const { runs, ...agentsEnd } = drained;
    const [pushReport, pollReport, stats] = [await reports(push), await reports(poll), await hub.stats()];
    return {
      minutes: opts.minutes,
      agents: opts.agents,
      pushDashboards: half,
      pollDashboards: opts.dashboards - half,
      pollIntervalMs: POLL_INTERVAL_MS,
      hubHistoryMs,
      warmupMs,
      auditEveryMs,
      readings,
      rss: memoryGrowth(readings.map((r) => ({ atMs: r.atMs, bytes: r.rssBytes })), warmupMs),
      heap: memoryGrowth(readings.flatMap((r) => (r.heapUsedBytes === null ? [] : [{ atMs: r.atMs, bytes: r.heapUsedBytes }])), warmupMs),
      loss: countLost(runs, audit.held),
      audit: { requests: audit.requests, errors: audit.errors },
      agentsEnd,
      push: pushReport,
      poll: pollReport,
      hubCpuPct,
      hubFaults: stats.faults,
      loadAvg: { start: loadStart, end: loadavg()[0]! },
    };
  } finally {
    await stopAll([...clients, agents]);
    await hub.stop();
  }
}
