import { formatNumber } from '../../kit/table.js';
import type { TargetCheck } from '../../kit/target-check.js';
import type { FanoutResult } from './run.js';

/**
 * Efficiency of the hub and a baseline at the highest publish rate both reached
 * without saturating: batching makes efficiency grow with the rate, so comparing
 * different rates would flatter whichever ramp went further.
 */
function matchedEfficiency(hub: FanoutResult, base: FanoutResult): { publishedPerSec: number; hub: number; base: number } | null {
  let best: { publishedPerSec: number; hub: number; base: number } | null = null;
  for (const h of hub.steps) {
    const b = base.steps.find((s) => s.publishedPerSec === h.publishedPerSec);
    if (!b || h.saturated || b.saturated || h.efficiency === null || b.efficiency === null) continue;
    if (!best || h.publishedPerSec > best.publishedPerSec) best = { publishedPerSec: h.publishedPerSec, hub: h.efficiency, base: b.efficiency };
  }
  return best;
}

/** The fan-out targets: the hub's push efficiency against the bare servers'. */
export function fanoutChecks(fanout: readonly FanoutResult[]): TargetCheck[] {
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
