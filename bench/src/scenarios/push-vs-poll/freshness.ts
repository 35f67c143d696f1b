import { formatNumber, formatTable } from '../../kit/table.js';
import type { TargetCheck } from '../../kit/target-check.js';
import { cpuMsPerUpdate, dashboardCpuMsPerUpdate, type TransportResult } from './transport-result.js';

/** Poll intervals the freshness scenario measures against push, slowest first. */
export const FRESHNESS_INTERVALS_MS = [1000, 500, 250, 100] as const;

/**
 * The poll row to hold against push: the one whose staleness p99 comes closest to
 * push's, the fastest of equals (and the fastest tried when no row has a p99).
 */
export function headlinePoll(results: readonly TransportResult[]): TransportResult | undefined {
  const push = results.find((r) => r.transport === 'push');
  const polls = results.filter((r) => r.transport === 'poll').sort((a, b) => (a.pollIntervalMs ?? 0) - (b.pollIntervalMs ?? 0));
  const pushP99 = push?.stalenessP99Ms ?? null;
  const distance = (r: TransportResult): number => (pushP99 === null || r.stalenessP99Ms === null ? Number.POSITIVE_INFINITY : Math.abs(r.stalenessP99Ms - pushP99));
  let best = polls[0];
  for (const r of polls) if (distance(r) < distance(best!)) best = r;
  return best;
}

const ratio = (push: number | null, poll: number | null): string => (push && poll ? `1/${formatNumber(poll / push, 1)}` : '-');

/** The freshness table: push, then poll at each interval, the headline row marked. */
export function formatFreshnessTable(results: readonly TransportResult[]): string {
  const headline = headlinePoll(results);
  const first = results[0];
  const title = first ? `freshness (${first.hosts} hosts, ${first.clients} dashboards each on one host)` : 'freshness';
  const rows = results.map((r) => [
    r.transport === 'push' ? 'push' : `poll ${r.pollIntervalMs} ms${r === headline ? ' *' : ''}`,
    formatNumber(cpuMsPerUpdate(r), 4),
    formatNumber(dashboardCpuMsPerUpdate(r), 4),
    formatNumber(r.hubWireBytesPerUpdate),
    formatNumber(r.hubRequestsPerSec),
    `${formatNumber(r.stalenessP50Ms)} / ${formatNumber(r.stalenessP99Ms)}`,
    `${formatNumber(r.hubCpuPct, 1)}%`,
    formatNumber(r.updatesPerSec),
    r.loadGeneratorCpuPct.map((p) => `${formatNumber(p)}%`).join(' '),
    r.machineBusyPct === null ? '-' : `${formatNumber(r.machineBusyPct)}%`,
  ]);
  const table = formatTable(
    [title, 'hub CPU ms/update', 'above agents-only', 'wire B/update', 'HTTP requests/s', 'staleness p50 / p99 ms', 'hub CPU', 'updates/s', 'load gen CPU', 'machine busy'],
    rows,
  );
  return `${table}\n* headline: the poll interval whose staleness p99 comes closest to push's`;
}

/** The freshness targets, held at the headline row. */
export function freshnessChecks(results: readonly TransportResult[]): TargetCheck[] {
  const push = results.find((r) => r.transport === 'push');
  const poll = headlinePoll(results);
  if (!push || !poll) return [];
  const at = `poll at ${poll.pollIntervalMs} ms (p99 ${formatNumber(poll.stalenessP99Ms)} vs push ${formatNumber(push.stalenessP99Ms)} ms)`;
  const pc = cpuMsPerUpdate(push);
  const qc = cpuMsPerUpdate(poll);
  const pd = dashboardCpuMsPerUpdate(push);
  const qd = dashboardCpuMsPerUpdate(poll);
  const pb = push.hubWireBytesPerUpdate;
  const qb = poll.hubWireBytesPerUpdate;
  return [
    {
      target: `freshness: push hub CPU per update <= 1/5 of ${at}`,
      measured: `${formatNumber(pc, 4)} vs ${formatNumber(qc, 4)} ms (${ratio(pc, qc)})`,
      met: pc !== null && qc !== null ? pc <= qc / 5 : null,
    },
    {
      target: 'freshness: same, counting only CPU above agents-only',
      measured: `${formatNumber(pd, 4)} vs ${formatNumber(qd, 4)} ms (${ratio(pd, qd)})`,
      met: pd !== null && qd !== null ? pd <= qd / 5 : null,
    },
    {
      target: `freshness: push wire bytes per update <= 1/3 of ${at}`,
      measured: `${formatNumber(pb)} vs ${formatNumber(qb)} B (${ratio(pb, qb)})`,
      met: pb !== null && qb !== null ? pb <= qb / 3 : null,
    },
  ];
}
