import { formatMiB, formatNumber, formatTable } from '../../kit/table.js';
import type { SoakResult } from './soak-result.js';

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const byCode = (counts: Record<string, number>): string =>
  Object.keys(counts).length === 0 ? 'none' : Object.entries(counts).map(([code, n]) => `${code} x${n}`).join(', ');

/** The soak's printed table, with the targets (RSS growth < 10%, lost samples 0) marked. */
export function formatSoakTable(r: SoakResult): string {
  const growth = r.rss.growthPct;
  const f = r.agentsEnd.faults;
  const rssPerMinute = r.readings
    .filter((p) => p.atMs % 60_000 < 10_000 || p === r.readings[r.readings.length - 1])
    .map((p) => `${Math.round(p.atMs / 1000)}s ${formatMiB(p.rssBytes)}`)
    .join(', ');
  const hubFaults = Object.entries(r.hubFaults).filter(([, n]) => n > 0);
  const table = formatTable(
    [`soak (${r.minutes} min, ${r.agents} agents, ${r.pushDashboards} push + ${r.pollDashboards} poll dashboards)`, ''],
    [
      ['hub RSS median, first / last quarter (MiB)', `${formatMiB(r.rss.baselineBytes)} / ${formatMiB(r.rss.finalBytes)}`],
      [`hub RSS growth after ${r.warmupMs / 1000} s warm-up`, `${formatNumber(growth, 1)}% ${growth === null ? '' : growth < 10 ? '(target < 10%: met)' : '(target < 10%: MISSED)'}`],
      ['hub RSS low, first / last quarter; peak (MiB)', `${formatMiB(r.rss.baselineLowBytes)} / ${formatMiB(r.rss.finalLowBytes)}; ${formatMiB(r.rss.peakBytes)}`],
      ['hub heap used median, first / last quarter', `${formatMiB(r.heap.baselineBytes)} / ${formatMiB(r.heap.finalBytes)} MiB (${formatNumber(r.heap.growthPct, 1)}%)`],
      ['hub heap used low, first / last quarter', `${formatMiB(r.heap.baselineLowBytes)} / ${formatMiB(r.heap.finalLowBytes)} MiB`],
      ['hub CPU, mean (% of a core)', formatNumber(r.hubCpuPct, 1)],
      ['samples made / held by the hub', `${formatNumber(r.loss.produced)} / ${formatNumber(r.loss.held)}`],
      ['lost samples (audit of hub history)', `${formatNumber(r.loss.lost)} ${r.loss.lost === 0 ? '(target 0: met)' : '(target 0: MISSED)'}`],
      ['held but never made', formatNumber(r.loss.unexpected)],
      ['seq gaps seen by dashboards (push / poll)', `${formatNumber(r.push.missing)} / ${formatNumber(r.poll.missing)}`],
      ['faults injected: drops / pauses / restarts', `${f.drops} / ${f.pauses} / ${f.restarts}`],
      ['agent reconnects / samples replayed', `${formatNumber(r.agentsEnd.counts.welcomes - r.agents)} / ${formatNumber(r.agentsEnd.counts.replayed)}`],
      ['agent closes not injected (by code)', byCode(r.agentsEnd.counts.unexpectedCloses)],
      ['agent socket errors / unflushed at end', `${r.agentsEnd.counts.errors} / ${r.agentsEnd.unflushed}`],
      ['push dashboards: closes / errors', `${sum(r.push.closeCodes)} / ${r.push.errors}`],
      ['poll dashboards: requests / 304 / errors', `${formatNumber(r.poll.requests)} / ${formatNumber(r.poll.notModified)} / ${r.poll.errors}`],
      ['hub fault counters (/api/stats)', hubFaults.length === 0 ? 'all 0' : hubFaults.map(([k, n]) => `${k} ${n}`).join(', ')],
      ['audit requests / errors', `${formatNumber(r.audit.requests)} / ${r.audit.errors}`],
      ['load average (1 min) start / end', `${r.loadAvg.start.toFixed(2)} / ${r.loadAvg.end.toFixed(2)}`],
    ],
  );
  return `${table}\nhub RSS once a minute (MiB): ${rssPerMinute}`;
}
