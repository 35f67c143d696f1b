import type { CpuTimes } from '@hostpulse/protocol';
import type { CpuCounters } from './procfs/stat.js';

const TWO_POW_32 = 2 ** 32;
const QUARTER_32 = 2 ** 30;

/**
 * Growth of a cumulative counter between two readings, or null when it cannot be
 * known. A counter that went backwards either wrapped or was reset (driver reload,
 * interface re-created under the same name). Widths differ by field and by kernel
 * (io_ticks and 32-bit kernels' counters are 32 bits, 64-bit kernels' byte counts are
 * 64), so the numbers decide: a previous value in the top quarter of the 32-bit range
 * and a current one in the bottom quarter is a 32-bit wrap; anything else is a reset,
 * and the caller skips that reading rather than invent a rate. A 64-bit counter never
 * wraps in practice (centuries at 100 Gbit/s).
 */
export function counterDelta(previous: number, current: number): number | null {
  if (current >= previous) return current - previous;
  if (previous < TWO_POW_32 && previous >= TWO_POW_32 - QUARTER_32 && current < QUARTER_32) {
    return current + TWO_POW_32 - previous;
  }
  return null;
}

/** Per-second rate of a counter over `elapsedMs`, or null after a reset. */
export function counterRate(previous: number, current: number, elapsedMs: number): number | null {
  const delta = counterDelta(previous, current);
  return delta === null || elapsedMs <= 0 ? null : (delta * 1000) / elapsedMs;
}

/**
 * Rates for every key present in both readings: a key seen for the first time gets
 * no rate until its second reading, and a key gone from `current` is dropped. `rate`
 * returns null for a reading it cannot turn into a rate (a counter reset), which
 * skips that key this once.
 */
export function ratesByKey<C, R>(
  previous: ReadonlyMap<string, C>,
  current: ReadonlyMap<string, C>,
  rate: (name: string, before: C, after: C) => R | null,
): R[] {
  const result: R[] = [];
  for (const [name, after] of current) {
    const before = previous.get(name);
    if (before === undefined) continue;
    const value = rate(name, before, after);
    if (value !== null) result.push(value);
  }
  return result;
}

/** Rounds to two decimals, the precision every rate and share in a sample carries. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Share of CPU time in each state between two readings, in percent. user includes
 * nice (guest time is already inside both), system includes irq and softirq, so the
 * five shares add up to 100. A field that went backwards counts as 0: the kernel
 * documents that iowait can decrease on tickless CPUs.
 */
export function cpuPercents(previous: CpuCounters, current: CpuCounters): CpuTimes {
  const d = (key: keyof CpuCounters) => Math.max(0, current[key] - previous[key]);
  const user = d('user') + d('nice');
  const system = d('system') + d('irq') + d('softirq');
  const iowait = d('iowait');
  const steal = d('steal');
  const idle = d('idle');
  const total = user + system + iowait + steal + idle;
  // No tick elapsed (an interval below the kernel's 10 ms accounting step): nothing
  // ran that the kernel counted, so the CPU reads as idle.
  if (total === 0) return { userPct: 0, systemPct: 0, iowaitPct: 0, stealPct: 0, idlePct: 100 };
  const pct = (n: number) => Math.min(100, round2((n * 100) / total));
  return { userPct: pct(user), systemPct: pct(system), iowaitPct: pct(iowait), stealPct: pct(steal), idlePct: pct(idle) };
}
