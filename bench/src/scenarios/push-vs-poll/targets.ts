import { formatNumber } from '../../kit/table.js';
import type { TargetCheck } from '../../kit/target-check.js';
import { cpuMsPerUpdate, dashboardCpuMsPerUpdate, type TransportResult } from './transport-result.js';

function pair(results: readonly TransportResult[], scenario: string): { push?: TransportResult; poll?: TransportResult } {
  return {
    push: results.find((r) => r.scenario === scenario && r.transport === 'push'),
    poll: results.find((r) => r.scenario === scenario && r.transport === 'poll'),
  };
}

/** The detail and overview targets: push against poll at the same interval. */
export function pushPollChecks(results: readonly TransportResult[], scenario: 'detail' | 'overview'): TargetCheck[] {
  const { push, poll } = pair(results, scenario);
  const checks: TargetCheck[] = [];
  if (push && poll) {
    const pc = cpuMsPerUpdate(push);
    const qc = cpuMsPerUpdate(poll);
    checks.push({
      target: `${scenario}: push hub CPU per update <= 1/5 of poll's`,
      measured: `${formatNumber(pc, 4)} vs ${formatNumber(qc, 4)} ms (1/${formatNumber(pc && qc ? qc / pc : null, 1)})`,
      met: pc !== null && qc !== null ? pc <= qc / 5 : null,
    });
    const pd = dashboardCpuMsPerUpdate(push);
    const qd = dashboardCpuMsPerUpdate(poll);
    checks.push({
      target: `${scenario}: same, counting only CPU above agents-only`,
      measured:
        pd === 0
          ? `push within noise of agents-only vs ${formatNumber(qd, 4)} ms`
          : `${formatNumber(pd, 4)} vs ${formatNumber(qd, 4)} ms (1/${formatNumber(pd && qd ? qd / pd : null, 1)})`,
      met: pd !== null && qd !== null ? pd <= qd / 5 : null,
    });
    const pb = push.hubWireBytesPerUpdate;
    const qb = poll.hubWireBytesPerUpdate;
    checks.push({
      target: `${scenario}: push wire bytes per update <= 1/10 of poll's`,
      measured: `${formatNumber(pb)} vs ${formatNumber(qb)} B (1/${formatNumber(pb && qb ? qb / pb : null, 1)})`,
      met: pb !== null && qb !== null ? pb <= qb / 10 : null,
    });
  }
  if (push) {
    checks.push({
      target: `${scenario}: push staleness p99 < 50 ms`,
      measured: `${formatNumber(push.stalenessP99Ms)} ms (poll ${formatNumber(poll?.stalenessP99Ms)} ms)`,
      met: push.stalenessP99Ms === null ? null : push.stalenessP99Ms < 50,
    });
  }
  if (scenario === 'detail') {
    for (const r of [push, poll]) {
      if (!r) continue;
      checks.push({
        target: `detail: zero lost updates in ${r.transport}${r.transport === 'poll' ? ' (after=seq)' : ''}`,
        measured: `${r.seqGaps} seq gaps`,
        met: r.seqGaps === 0,
      });
    }
  }
  return checks;
}
