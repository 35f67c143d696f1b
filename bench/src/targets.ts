import { freshnessChecks } from './freshness.js';
import type { AgentFootprint } from './scenarios/agent-footprint.js';
import type { FanoutResult } from './scenarios/fanout.js';
import type { StorageResult } from './storage/storage-result.js';
import { storageChecks } from './storage/storage-targets.js';
import { cpuMsPerUpdate, dashboardCpuMsPerUpdate, type TransportResult } from './transport-result.js';
import { formatMiB, formatNumber } from './table.js';

/** One of the targets next to what was measured. Never a pass condition. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** null when the run did not measure what the target needs. */
  met: boolean | null;
}

const MIB = 1024 ** 2;

function pair(results: readonly TransportResult[], scenario: string): { push?: TransportResult; poll?: TransportResult } {
  return {
    push: results.find((r) => r.scenario === scenario && r.transport === 'push'),
    poll: results.find((r) => r.scenario === scenario && r.transport === 'poll'),
  };
}

function pushPollChecks(results: readonly TransportResult[], scenario: 'detail' | 'overview'): TargetCheck[] {
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

function agentChecks(rows: readonly AgentFootprint[]): TargetCheck[] {
  if (rows.length === 0) return [];
  const checks: TargetCheck[] = [];
  const main = rows.find((r) => r.target === 'node dist/main.js' && r.absent === null);
  if (main) {
    checks.push({ target: 'agent: CPU < 1% of one core (with children)', measured: `${formatNumber(main.cpuPct, 2)}%`, met: main.cpuPct < 1 });
    checks.push({ target: 'agent: RSS < 80 MiB', measured: `peak ${formatMiB(main.rssPeakBytes)} MiB`, met: main.rssPeakBytes < 80 * MIB });
  }
  const bundle = rows.find((r) => r.target === 'node hostpulse-agent.mjs');
  checks.push({
    target: 'agent bundle: RSS peak <= 45 MiB',
    measured: bundle?.absent === null ? `peak ${formatMiB(bundle.rssPeakBytes)} MiB, mean ${formatMiB(bundle.rssMeanBytes)} MiB` : 'not measured',
    met: bundle?.absent === null ? bundle.rssPeakBytes <= 45 * MIB : null,
  });
  checks.push({
    // What the agent cost before it was bundled and lost systeminformation: 0.3-0.4% of a core.
    target: 'agent bundle: CPU <= 0.4% of one core',
    measured: bundle?.absent === null ? `${formatNumber(bundle.cpuPct, 2)}%` : 'not measured',
    met: bundle?.absent === null ? bundle.cpuPct <= 0.4 : null,
  });
  for (const r of rows) {
    if (r.absent !== null || r.childStarts === null) continue;
    // A slow collector may start a child now and then; one every tick is what the target forbids.
    const perTick = r.childStarts / Math.max(1, r.ticks);
    checks.push({ target: `${r.target}: no child process per tick`, measured: `${formatNumber(perTick, 3)} per tick (${r.childStarts} in ${r.ticks} ticks)`, met: perTick < 0.1 });
  }
  return checks;
}

/**
 * Efficiency of the hub and a baseline at the highest publish rate both reached
 * without saturating: batching makes efficiency grow with the rate, so comparing
 * different rates would flatter whichever ramp went further.
 */
export function matchedEfficiency(hub: FanoutResult, base: FanoutResult): { publishedPerSec: number; hub: number; base: number } | null {
  let best: { publishedPerSec: number; hub: number; base: number } | null = null;
  for (const h of hub.steps) {
    const b = base.steps.find((s) => s.publishedPerSec === h.publishedPerSec);
    if (!b || h.saturated || b.saturated || h.efficiency === null || b.efficiency === null) continue;
    if (!best || h.publishedPerSec > best.publishedPerSec) best = { publishedPerSec: h.publishedPerSec, hub: h.efficiency, base: b.efficiency };
  }
  return best;
}

function fanoutChecks(fanout: readonly FanoutResult[]): TargetCheck[] {
  const hub = fanout.find((f) => f.target === 'hub-push');
  if (!hub) return [];
  const checks: TargetCheck[] = [];
  const compare = (baseName: string, label: string, met: (hubEff: number, baseEff: number) => boolean): void => {
    const base = fanout.find((f) => f.target === baseName);
    const m = base ? matchedEfficiency(hub, base) : null;
    checks.push({
      target: `fan-out: hub push ${label}`,
      measured: m
        ? `${formatNumber(m.hub)} vs ${formatNumber(m.base)} msgs/CPU-s at ${formatNumber(m.publishedPerSec)} publishes/s (${formatNumber(m.hub / m.base, 2)}x)`
        : 'no step where both ran unsaturated',
      met: m ? met(m.hub, m.base) : null,
    });
  };
  compare('uws-baseline', '>= 1/2 of bare uWS', (h, b) => h >= b / 2);
  compare('ws-baseline', '>= 10x bare ws', (h, b) => h >= b * 10);
  return checks;
}

/** Every target the run has figures for. */
export function checkTargets(input: {
  pushPoll: readonly TransportResult[];
  freshness: readonly TransportResult[];
  fanout: readonly FanoutResult[];
  agent: readonly AgentFootprint[];
  storage: StorageResult | null;
}): TargetCheck[] {
  return [
    ...pushPollChecks(input.pushPoll, 'detail'),
    ...pushPollChecks(input.pushPoll, 'overview'),
    ...freshnessChecks(input.freshness),
    ...fanoutChecks(input.fanout),
    ...agentChecks(input.agent),
    ...(input.storage ? storageChecks(input.storage) : []),
  ];
}
