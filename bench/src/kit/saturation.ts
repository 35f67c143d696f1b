/** Which side ran out of CPU in a fan-out step, or null while neither did. */
export type Saturated = 'server' | 'load generator' | 'machine' | 'delivery fell behind' | null;

/** CPU share (percent of one core) above which a process counts as saturated. */
export const SATURATED_PCT = 90;

/**
 * Decides whether a step saturated: the server alone near a full core, any load
 * process near a full core, the whole machine near all its cores (other work on
 * the machine included), or clients receiving clearly less than was published.
 */
export function judgeSaturation(input: {
  serverPct: number;
  loadPcts: readonly number[];
  /** Share of all the machine's cores that was busy, 0-100, whoever used them. */
  machineBusyPct: number;
  deliveredPerSec: number;
  expectedPerSec: number;
}): Saturated {
  if (input.serverPct >= SATURATED_PCT) return 'server';
  if (input.loadPcts.some((p) => p >= SATURATED_PCT)) return 'load generator';
  if (input.machineBusyPct >= SATURATED_PCT) return 'machine';
  if (input.expectedPerSec > 0 && input.deliveredPerSec < 0.85 * input.expectedPerSec) return 'delivery fell behind';
  return null;
}

/** Delivered messages per second of server CPU time (a full core for one second = 1 s). */
export function fanoutEfficiency(deliveredPerSec: number, serverPct: number): number | null {
  return serverPct > 0 ? deliveredPerSec / (serverPct / 100) : null;
}
