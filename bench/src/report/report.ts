import { formatFreshnessTable } from '../scenarios/push-vs-poll/freshness.js';
import type { AgentFootprint } from '../scenarios/agent-footprint/run.js';
import type { FanoutResult } from '../scenarios/fanout/run.js';
import type { StorageResult } from '../scenarios/storage/storage-result.js';
import { formatStorageTables } from '../scenarios/storage/storage-table.js';
import type { TargetCheck } from '../kit/target-check.js';
import type { TransportResult } from '../scenarios/push-vs-poll/transport-result.js';
import { formatMiB, formatNumber, formatTable } from '../kit/table.js';

const pct = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined ? '-' : `${formatNumber(v, digits)}%`);

function pushPollTable(results: readonly TransportResult[]): string {
  const header = ['push vs poll', ...results.map((r) => `${r.scenario} ${r.transport}`)];
  const row = (label: string, cell: (r: TransportResult) => string): string[] => [label, ...results.map(cell)];
  const closes = (r: TransportResult): string => {
    const n = Object.values(r.closeCodes).reduce((a, b) => a + b, 0);
    return `${n}/${r.errors}`;
  };
  return formatTable(header, [
    row('hosts / dashboards', (r) => `${r.hosts} / ${r.clients}`),
    row('updates delivered/s', (r) => formatNumber(r.updatesPerSec)),
    row('frames or responses/s', (r) => formatNumber(r.framesPerSec)),
    row('hub CPU (% of a core)', (r) => pct(r.hubCpuPct)),
    row('  of which agents only', (r) => pct(r.agentsOnlyHubCpuPct)),
    row('hub RSS peak (MiB)', (r) => formatMiB(r.hubRssPeakBytes)),
    row('wire B/update (hub stats)', (r) => formatNumber(r.hubWireBytesPerUpdate)),
    row('wire B/update (clients)', (r) => formatNumber(r.clientWireBytesPerUpdate)),
    row('HTTP requests/s (hub)', (r) => (r.transport === 'poll' ? formatNumber(r.hubRequestsPerSec) : formatNumber(r.hubRequestsPerSec, 1))),
    row('304 share', (r) => (r.notModifiedShare === null ? '-' : pct(r.notModifiedShare * 100))),
    row('staleness p50 (ms)', (r) => formatNumber(r.stalenessP50Ms)),
    row('staleness p99 (ms)', (r) => formatNumber(r.stalenessP99Ms)),
    row('seq gaps (lost*)', (r) => formatNumber(r.seqGaps)),
    row('closes / errors', closes),
    row('load gen CPU per process', (r) => r.loadGeneratorCpuPct.map((p) => pct(p, 0)).join(' ')),
    row('machine busy (all cores)', (r) => pct(r.machineBusyPct, 0)),
  ]);
}

function fanoutTable(fanout: readonly FanoutResult[]): string {
  const rows = fanout.map((f) => {
    const last = f.steps[f.steps.length - 1];
    return [
      f.target,
      formatNumber(last?.publishedPerSec),
      formatNumber(f.maxDeliveredPerSec),
      formatNumber(last?.deliveredPerSec),
      pct(last?.serverCpuPct),
      (last?.loadGeneratorCpuPct ?? []).map((p) => pct(p, 0)).join(' '),
      `${formatNumber(f.efficiency)} at ${formatNumber(f.efficiencyAtPublishesPerSec)}/s`,
      f.saturated ?? 'neither (ramp ended)',
    ];
  });
  const first = fanout[0];
  const title = first ? `fan-out (${first.clients} clients, ${first.topics} topics, payload ${first.payloadBytes} B)` : 'fan-out';
  return formatTable(
    [title, 'last publishes/s', 'max delivered/s', 'last delivered/s', 'server CPU', 'load gen CPU', 'msgs per CPU-s (top unsaturated step)', 'saturated at last step'],
    rows,
  );
}

function agentTable(rows: readonly AgentFootprint[]): string {
  const measured = rows.find((r) => r.absent === null);
  const title = `agent footprint (${measured?.intervalMs ?? 1000} ms interval, ${formatNumber(measured?.windowSec ?? 0)} s each)`;
  const row = (label: string, cell: (r: AgentFootprint) => string): string[] => [label, ...rows.map((r) => (r.absent === null ? cell(r) : '-'))];
  const commands = (r: AgentFootprint): string =>
    Object.entries(r.childCommands)
      .map(([cmd, n]) => `${cmd} x${n}`)
      .join(', ') || 'none';
  return formatTable(
    [title, ...rows.map((r) => r.target)],
    [
      ['measured', ...rows.map((r) => (r.absent === null ? 'yes' : `ABSENT: ${r.absent}`))],
      row('CPU incl. children (% of a core)', (r) => pct(r.cpuPct, 2)),
      row('RSS of process tree peak (MiB)', (r) => formatMiB(r.rssPeakBytes)),
      row('RSS of process tree mean (MiB)', (r) => formatMiB(r.rssMeanBytes)),
      row('VmHWM since start (MiB)', (r) => formatMiB(r.peakHwmBytes)),
      row('child processes started (per tick)', (r) => (r.childStarts === null ? 'not counted' : `${r.childStarts} (${formatNumber(r.childStarts / Math.max(1, r.ticks), 3)})`)),
      row('child commands', commands),
      row('child pids seen by 100 ms sampling', (r) => String(r.childPidsSeen)),
      row('samples/s at the hub (node_exporter: scrapes/s)', (r) => formatNumber(r.deliveredPerSec, 2)),
      row('process tables at the hub (processes in the last)', (r) => (r.processTables === null ? '-' : `${r.processTables} (${r.processesSeenByAgent ?? '-'})`)),
    ],
  );
}

function targetTable(checks: readonly TargetCheck[]): string {
  return formatTable(
    ['target (a bench figure, not a pass condition)', 'measured', ''],
    checks.map((c) => [c.target, c.measured, c.met === null ? 'n/a' : c.met ? 'met' : 'MISSED']),
  );
}

/** The whole printed report: one table per scenario that ran, then the targets. */
export function formatReport(input: {
  pushPoll: readonly TransportResult[];
  freshness: readonly TransportResult[];
  fanout: readonly FanoutResult[];
  agent: readonly AgentFootprint[];
  storage: StorageResult | null;
  checks: readonly TargetCheck[];
}): string {
  const parts: string[] = [];
  if (input.pushPoll.length > 0) {
    parts.push(pushPollTable(input.pushPoll));
    parts.push(
      '* seq gaps are lost updates on host topics; on the overview the hub coalesces (a 25 ms window for push, the poll interval for poll), so a gap there is two samples of a host in one window.',
    );
  }
  if (input.freshness.length > 0) parts.push(formatFreshnessTable(input.freshness));
  if (input.fanout.length > 0) parts.push(fanoutTable(input.fanout));
  if (input.agent.length > 0) parts.push(agentTable(input.agent));
  if (input.storage) parts.push(...formatStorageTables(input.storage));
  if (input.checks.length > 0) parts.push(targetTable(input.checks));
  return parts.join('\n\n') + '\n';
}
