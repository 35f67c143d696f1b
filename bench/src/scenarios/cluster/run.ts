import { hostTopic, type HubStats, type SamplesResponse } from '@hostpulse/protocol';
import { percentile, type ClientReport } from '@hostpulse/loadgen';
import { ChildLink } from '../../kit/child-link.js';
import type { ClusterHubFigures, ClusterResult, StalenessFigures } from './cluster-result.js';
import { sleep, startCpuWindow, startRssSampler } from '../../kit/cpu-window.js';
import { BENCH_TOKEN, startHub, viewerHeaders, type HubProcess } from '../../kit/hub-process.js';
import { hostIds, startPushClients, stopAll, type Progress } from '../../roles/launch.js';
import { mergeReports } from '../../kit/merge-reports.js';
import { startNats, type NatsProcess } from '../../kit/nats-process.js';
import type { SoakAgentsDrained, SoakAgentsStartArgs } from '../soak/soak-agents.js';
import { countLost, seqKey } from '../soak/lost-samples.js';

/** Sizes and timings of the cluster scenario. */
export interface ClusterOptions {
  hosts: number;
  dashboards: number;
  hubs: number;
  seconds: number;
  warmupMs: number;
  /** How long after the SIGKILL the run goes on before agents drain and history is audited. */
  afterKillMs: number;
  /** With --profile-hub, the cluster's hubs write CPU profiles here. */
  profileDir: string | undefined;
  /** The hubs' --viewer-token, sent by every dashboard and read. */
  viewerToken: string | undefined;
}

const AGENTS_ONLY_SEC = 10;
/** The agents-only window waits at least this long after the agents connect: the first seconds of a hub are compiling code. */
const AGENTS_ONLY_WARMUP_MS = 8000;

/** Agents of one hub: a soak-agents process (buffers and replays like the real agent) with the other hubs as fallbacks, no faults injected. */
async function startHubAgents(hubs: HubProcess[], index: number, ids: string[], seed: number): Promise<ChildLink> {
  const link = ChildLink.start(`agents of hub ${index + 1}`, 'soak-agents');
  const url = (i: number): string => `ws://127.0.0.1:${hubs[i % hubs.length]!.port}`;
  const args: SoakAgentsStartArgs = {
    hubUrl: url(index),
    fallbackUrls: hubs.slice(1).map((_, k) => url(index + 1 + k)),
    token: BENCH_TOKEN,
    hostIds: ids,
    intervalMs: 1000,
    seed,
    faultEveryMs: 60_000,
    faultsPerTick: 0,
    maxAway: 0,
  };
  await link.call('start', args, 60_000);
  return link;
}

/** Mean samples stored per second by each hub over `ms`, read from /api/stats once a second. */
async function meanSamplesPerSec(hubs: HubProcess[], ms: number): Promise<{ samples: number[]; stats: (HubStats | null)[] }> {
  const sums = hubs.map(() => 0);
  const last: (HubStats | null)[] = hubs.map(() => null);
  const rounds = Math.max(1, Math.round(ms / 1000));
  for (let r = 0; r < rounds; r++) {
    await sleep(1000);
    const stats = await Promise.all(hubs.map((hub) => hub.stats().catch(() => null)));
    stats.forEach((s, i) => {
      sums[i]! += s?.agents.samplesPerSec ?? 0;
      last[i] = s;
    });
  }
  return { samples: sums.map((sum) => sum / rounds), stats: last };
}

/** CPU, samples and bus rates of each hub (and the nats-server) over one window. */
async function measureHubs(hubs: HubProcess[], nats: NatsProcess | null, ms: number): Promise<{ hubs: ClusterHubFigures[]; natsCpuPct: number | null; natsRssPeakBytes: number | null }> {
  const cpu = hubs.map((hub) => startCpuWindow(hub.pid));
  const rss = hubs.map((hub) => startRssSampler(hub.pid));
  const natsCpu = nats && startCpuWindow(nats.pid);
  const natsRss = nats && startRssSampler(nats.pid);
  const { samples, stats } = await meanSamplesPerSec(hubs, ms);
  const figures = hubs.map((_, i): ClusterHubFigures => {
    const cpuPct = cpu[i]!.finish().pct;
    const bus = stats[i]?.bus;
    return {
      cpuPct,
      samplesPerSec: samples[i]!,
      cpuUsPerSample: samples[i]! > 0 ? (cpuPct / 100) * 1e6 / samples[i]! : null,
      busInPerSec: bus ? bus.inPerSec : null,
      busOutPerSec: bus ? bus.outPerSec : null,
      rssPeakBytes: rss[i]!.stop().peakBytes,
    };
  });
  return { hubs: figures, natsCpuPct: natsCpu ? natsCpu.finish().pct : null, natsRssPeakBytes: natsRss ? natsRss.stop().peakBytes : null };
}

function staleness(report: ClientReport): StalenessFigures {
  return {
    updates: report.updates,
    p50Ms: percentile(report.staleness, 50),
    p99Ms: percentile(report.staleness, 99),
    maxMs: percentile(report.staleness, 100),
    gaps: report.missing,
    duplicates: report.duplicates,
  };
}

/** Push dashboards: client i watches host i on the hub after its host's hub (alone, on the one hub). */
async function startDashboards(hubs: HubProcess[], ids: string[], dashboards: number): Promise<ChildLink[][]> {
  const perHub: string[][][] = hubs.map(() => []);
  for (let i = 0; i < dashboards; i++) perHub[(i + 1) % hubs.length]!.push([hostTopic(ids[i % ids.length]!)]);
  return Promise.all(hubs.map((hub, h) => (perHub[h]!.length > 0 ? startPushClients(hub, perHub[h]!, 1, 'parse') : Promise.resolve([]))));
}

async function measureDashboards(links: ChildLink[], seconds: number): Promise<ClientReport> {
  await Promise.all(links.map((l) => l.call('reset')));
  await sleep(seconds * 1000);
  await Promise.all(links.map((l) => l.call('mark')));
  await sleep(500);
  return mergeReports(await Promise.all(links.map((l) => l.call<ClientReport>('report'))));
}

/** The (run, seq) keys every host's history holds on one hub. */
async function auditHub(hub: HubProcess, runs: SoakAgentsDrained['runs'], viewerToken: string | undefined): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>();
  for (const run of runs) {
    const set = held.get(run.hostId) ?? new Set<string>();
    // An answer with `more` holds only the oldest that fit: ask again after its last sample.
    for (let after = 0, more = true; more; ) {
      const res = await fetch(`http://127.0.0.1:${hub.port}/api/hosts/${run.hostId}/samples?run=${run.runId}&after=${after}&limit=3600`, { headers: viewerHeaders(viewerToken) });
      const body = res.ok ? ((await res.json()) as SamplesResponse) : null;
      for (const s of body?.samples ?? []) if (s.runId === run.runId) set.add(seqKey(s.runId, s.seq));
      more = body?.more === true && body.samples.length > 0;
      after = body?.samples.at(-1)?.seq ?? after;
    }
    held.set(run.hostId, set);
  }
  return held;
}

/** One hub, the same hosts and dashboards: the baseline the cluster's added staleness is measured against. */
async function runSingle(opts: ClusterOptions, ids: string[], progress: Progress): Promise<ClusterResult['single']> {
  progress(`cluster: single hub, ${opts.hosts} hosts, ${opts.dashboards} push dashboards`);
  const hub = await startHub({ viewerToken: opts.viewerToken });
  const links: ChildLink[] = [];
  try {
    links.push(await startHubAgents([hub], 0, ids, 11));
    await sleep(Math.max(opts.warmupMs, AGENTS_ONLY_WARMUP_MS));
    const agentsOnly = await measureHubs([hub], null, AGENTS_ONLY_SEC * 1000);
    const dashboards = (await startDashboards([hub], ids, opts.dashboards)).flat();
    links.push(...dashboards);
    await sleep(opts.warmupMs);
    progress(`cluster: single hub, measuring ${opts.seconds} s`);
    const [report, loaded] = await Promise.all([measureDashboards(dashboards, opts.seconds), measureHubs([hub], null, opts.seconds * 1000)]);
    return { staleness: staleness(report), hub: loaded.hubs[0]!, agentsOnly: agentsOnly.hubs[0]! };
  } finally {
    await stopAll(links);
    await hub.stop();
  }
}

/**
 * Three hubs on one nats-server against one hub alone: 200 simulated hosts spread
 * over the hubs, 200 push dashboards each on another hub than its host's. Measures
 * the staleness the bus adds, each hub's CPU per stored sample (with agents only and
 * with dashboards), the nats-server's CPU and RSS; then SIGKILLs hub 1 mid-run, lets
 * its agents move on, and counts the samples no surviving hub holds.
 */
export async function runCluster(opts: ClusterOptions, progress: Progress): Promise<ClusterResult> {
  const ids = hostIds('cl', opts.hosts);
  const single = await runSingle(opts, ids, progress);
  progress(`cluster: starting nats-server and ${opts.hubs} hubs`);
  const nats = await startNats();
  const hubs = await Promise.all(Array.from({ length: opts.hubs }, () => startHub({ profileDir: opts.profileDir, viewerToken: opts.viewerToken, args: ['--nats', nats.url] })));
  const agentLinks: ChildLink[] = [];
  let dashboards: ChildLink[][] = [];
  try {
    await sleep(2000);
    const idsOf = (h: number): string[] => ids.filter((_, i) => i % hubs.length === h);
    for (let h = 0; h < hubs.length; h++) agentLinks.push(await startHubAgents(hubs, h, idsOf(h), 11 + h * 1000));
    await sleep(Math.max(opts.warmupMs, AGENTS_ONLY_WARMUP_MS));
    progress(`cluster: agents only, ${AGENTS_ONLY_SEC} s`);
    const agentsOnly = await measureHubs(hubs, nats, AGENTS_ONLY_SEC * 1000);
    dashboards = await startDashboards(hubs, ids, opts.dashboards);
    await sleep(opts.warmupMs);
    progress(`cluster: measuring ${opts.seconds} s`);
    const [report, loaded] = await Promise.all([measureDashboards(dashboards.flat(), opts.seconds), measureHubs(hubs, nats, opts.seconds * 1000)]);
    const added = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
    const result = staleness(report);

    progress(`cluster: SIGKILL hub 1; its ${idsOf(0).length} agents move on; ${opts.afterKillMs / 1000} s more`);
    const survivors = dashboards.slice(1).flat();
    await Promise.all(survivors.map((l) => l.call('reset')));
    await hubs[0]!.kill();
    await sleep(opts.afterKillMs);
    await Promise.all(survivors.map((l) => l.call('mark')));
    const drained = await Promise.all(agentLinks.map((l) => l.call<SoakAgentsDrained>('drain', undefined, 60_000)));
    await sleep(2000);
    const afterKill = mergeReports(await Promise.all(survivors.map((l) => l.call<ClientReport>('report'))));
    const runs = drained.flatMap((d) => d.runs);
    progress('cluster: auditing the surviving hubs\' history of every host');
    const audits = await Promise.all(hubs.slice(1).map((hub) => auditHub(hub, runs, opts.viewerToken)));
    const losses = audits.map((held) => countLost(runs, held));
    const busUs = agentsOnly.hubs.map((h) => (h.cpuUsPerSample ?? 0) - (single.agentsOnly.cpuUsPerSample ?? 0));
    return {
      hosts: opts.hosts,
      dashboards: opts.dashboards,
      hubCount: hubs.length,
      seconds: opts.seconds,
      single,
      cluster: { staleness: result, hubs: loaded.hubs, agentsOnly: agentsOnly.hubs },
      addedP50Ms: added(result.p50Ms, single.staleness.p50Ms),
      addedP99Ms: added(result.p99Ms, single.staleness.p99Ms),
      busUsPerSamplePerHub: busUs.reduce((a, b) => a + b, 0) / busUs.length,
      nats: { cpuPct: loaded.natsCpuPct!, agentsOnlyCpuPct: agentsOnly.natsCpuPct!, rssPeakBytes: loaded.natsRssPeakBytes! },
      kill: {
        movedAgents: idsOf(0).length,
        produced: losses[0]!.produced,
        lostPerSurvivor: losses.map((l) => l.lost),
        firstLost: losses.flatMap((l) => l.firstLost).slice(0, 10),
        unflushedAgents: drained.reduce((a, d) => a + d.unflushed, 0),
        dashboardGaps: afterKill.missing,
        dashboardDuplicates: afterKill.duplicates,
        dashboardUpdates: afterKill.updates,
      },
    };
  } finally {
    await stopAll([...agentLinks, ...dashboards.flat()]);
    await Promise.all(hubs.map((hub) => hub.stop()));
    await nats.stop();
  }
}
