import { ALERT_TOP_PROCESSES, type AlertMetric, type AlertTopProcesses, type HostProcessTable, type ProcessRow } from '@hostpulse/protocol';

/**
 * How far from the firing a process table may lie to be kept with the alert, in its
 * own intervals: the latest table of a host whose agent still reports is at most one
 * interval old, so three allow for one lost table; an older one says nothing of the moment.
 */
export const NEAR_TABLE_INTERVALS = 3;

type Ranking = (a: ProcessRow, b: ProcessRow) => number;

const byCpu: Ranking = (a, b) => b.cpuPct - a.cpuPct || b.rssBytes - a.rssBytes;
const byRss: Ranking = (a, b) => b.rssBytes - a.rssBytes || b.cpuPct - a.cpuPct;
// The agent reads no per-process I/O: those waiting on disk (state D) are the likeliest cause, then the busiest.
const byDiskWait: Ranking = (a, b) => Number(b.state === 'D') - Number(a.state === 'D') || byCpu(a, b);

function rankingOf(metric: AlertMetric): Ranking | null {
  switch (metric) {
    case 'cpu.busyPct':
    case 'load1':
      return byCpu;
    case 'mem.usedPct':
    case 'swap.usedPct':
      return byRss;
    case 'disk.busyPct':
      return byDiskWait;
    default:
      return null;
  }
}

/**
 * Who did it: the top ALERT_TOP_PROCESSES processes of the host's table for an alert
 * on a WHO_DID_IT_METRICS metric that fired on a sample the hub received at
 * `firedRxMs`, ranked by what the metric measures. Undefined for other metrics, or
 * when the table reached the hub more than NEAR_TABLE_INTERVALS of its intervals
 * away from that sample (receive times: both on the hub's clock, whatever the agent's).
 */
export function topProcessesOf(table: HostProcessTable | undefined, metric: AlertMetric, firedRxMs: number): AlertTopProcesses | undefined {
  const ranking = rankingOf(metric);
  if (!ranking || !table || Math.abs(firedRxMs - table.hubRxMs) > NEAR_TABLE_INTERVALS * table.intervalMs) return undefined;
  const processes = [...table.processes].sort(ranking).slice(0, ALERT_TOP_PROCESSES);
  return { tsMs: table.tsMs, processes: processes.map(({ pid, name, user, command, cpuPct, rssBytes, state }) => ({ pid, name, user, command, cpuPct, rssBytes, state })) };
}
