import { formatMiB, formatNumber } from '../../kit/table.js';
import type { TargetCheck } from '../../kit/target-check.js';
import type { AgentFootprint } from './run.js';

const MIB = 1024 ** 2;

/** The agent's targets: its CPU, RSS and child processes. */
export function agentChecks(rows: readonly AgentFootprint[]): TargetCheck[] {
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
