import { OVERVIEW_TOPIC, hostTopic } from '@hostpulse/protocol';
import type { ClientReport } from '@hostpulse/loadgen';
import type { ChildLink } from '../../kit/child-link.js';
import { sleep, startCpuWindow, startMachineWindow, startRssSampler } from '../../kit/cpu-window.js';
import { startHub, type HubProcess } from '../../kit/hub-process.js';
import { hostIds, startAgents, startPollClients, startPushClients, stopAll, type Progress } from '../../roles/launch.js';
import { mergeReports } from '../../kit/merge-reports.js';
import { summarizeWindow, type Scenario, type Transport, type TransportResult } from './transport-result.js';

/** Sizes and timings of one push-vs-poll scenario. */
export interface PushPollOptions {
  /** `overview` puts every dashboard on the overview; `detail` and `freshness` give each one host. */
  kind: Scenario;
  hosts: number;
  clients: number;
  seconds: number;
  warmupMs: number;
  /** Poll intervals measured one after another, after push. */
  pollIntervalsMs: readonly number[];
  clientProcs: number;
  profileDir: string | undefined;
  /** The hub's viewer token (--viewer-token or HOSTPULSE_VIEWER_TOKEN), sent by every client. */
  viewerToken: string | undefined;
}

async function measure(
  hub: HubProcess,
  links: ChildLink[],
  opts: PushPollOptions,
  transport: Transport,
  pollIntervalMs: number | null,
): Promise<TransportResult> {
  await Promise.all(links.map((l) => l.call('reset')));
  const statsBefore = await hub.stats();
  const machine = startMachineWindow();
  const hubCpu = startCpuWindow(hub.pid);
  const loadCpu = links.map((l) => startCpuWindow(l.pid));
  const rss = startRssSampler(hub.pid);
  await sleep(opts.seconds * 1000);
  await Promise.all(links.map((l) => l.call('mark')));
  const hubUse = hubCpu.finish();
  const loadUse = loadCpu.map((c) => c.finish());
  const { peakBytes } = rss.stop();
  const machineBusyPct = machine.finish();
  const statsAfter = await hub.stats();
  // Samples the hub received just before the mark reach pollers up to an interval later.
  await sleep((pollIntervalMs ?? 0) + 500);
  const reports = await Promise.all(links.map((l) => l.call<ClientReport>('report')));
  const result = summarizeWindow({
    scenario: opts.kind,
    transport,
    pollIntervalMs,
    hosts: opts.hosts,
    report: mergeReports(reports),
    hubCpu: hubUse,
    hubRssPeakBytes: peakBytes,
    statsBefore,
    statsAfter,
    loadCpu: loadUse,
  });
  return { ...result, machineBusyPct };
}

function describe(r: TransportResult): string {
  const ms = (v: number | null): string => (v === null ? '-' : `${v}ms`);
  return (
    `${r.updatesPerSec.toFixed(0)} updates/s, hub CPU ${r.hubCpuPct.toFixed(1)}%, ` +
    `staleness p50 ${ms(r.stalenessP50Ms)} p99 ${ms(r.stalenessP99Ms)}, gaps ${r.seqGaps}`
  );
}

/**
 * Detail or freshness (dashboards each watching one host) or overview (every dashboard
 * on the overview): one hub, simulated agents at 1 Hz, then push dashboards, then poll
 * dashboards at each interval in turn.
 */
export async function runPushVsPoll(opts: PushPollOptions, progress: Progress): Promise<TransportResult[]> {
  const tag = opts.kind;
  progress(`${tag}: starting hub`);
  const hub = await startHub({ profileDir: opts.profileDir, viewerToken: opts.viewerToken });
  const links: ChildLink[] = [];
  try {
    const ids = hostIds(tag, opts.hosts);
    progress(`${tag}: connecting ${opts.hosts} simulated agents at 1 Hz`);
    links.push(await startAgents(hub, ids, 1000, 1));
    await sleep(opts.warmupMs);
    // The hub's cost of ingest alone, so the table can show what serving dashboards adds.
    const idleSec = Math.min(opts.seconds, 10);
    progress(`${tag}: measuring the hub with agents only for ${idleSec} s`);
    const idle = startCpuWindow(hub.pid);
    await sleep(idleSec * 1000);
    const agentsOnlyCpuPct = idle.finish().pct;
    const results: TransportResult[] = [];
    const onHosts = opts.kind !== 'overview';
    const windows: { transport: Transport; pollIntervalMs: number | null }[] = [
      { transport: 'push', pollIntervalMs: null },
      ...opts.pollIntervalsMs.map((ms) => ({ transport: 'poll' as const, pollIntervalMs: ms })),
    ];
    for (const { transport, pollIntervalMs } of windows) {
      const clientIds = Array.from({ length: opts.clients }, (_, i) => i);
      const label = `${tag} ${transport}${pollIntervalMs === null ? '' : ` ${pollIntervalMs} ms`}`;
      progress(`${label}: starting ${opts.clients} dashboards in ${opts.clientProcs} processes`);
      const clients =
        pollIntervalMs === null
          ? await startPushClients(
              hub,
              clientIds.map((i) => [onHosts ? hostTopic(ids[i % ids.length]!) : OVERVIEW_TOPIC]),
              opts.clientProcs,
              'parse',
            )
          : await startPollClients(
              hub,
              clientIds.map((i) => ({
                clientId: `bench-${tag}-${i}`,
                hosts: onHosts ? [ids[i % ids.length]!] : [],
              })),
              pollIntervalMs,
              opts.clientProcs,
            );
      try {
        await sleep(opts.warmupMs);
        progress(`${label}: measuring ${opts.seconds} s`);
        const result = { ...(await measure(hub, clients, opts, transport, pollIntervalMs)), agentsOnlyHubCpuPct: agentsOnlyCpuPct };
        progress(`${label}: ${describe(result)}`);
        results.push(result);
      } finally {
        await stopAll(clients);
      }
    }
    return results;
  } finally {
    await stopAll(links);
    await hub.stop();
  }
}
