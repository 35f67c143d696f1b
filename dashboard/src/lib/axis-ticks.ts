// Byte axes read best at round binary values (1 GiB, 2 GiB), not at Chart.js's decimal steps
// (954 MiB, 1.86 GiB), so they get their own tick positions.

const NICE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500] as const;

/**
 * Tick values from 0 to at least `max` for a byte axis, about four to eight of them:
 * the unit is the largest binary one (B, KiB, MiB, ...) that `max` reaches, and the
 * step 1, 2 or 5 times a power of ten of it (or half a unit, so 1.4 KiB does not
 * fall back to steps of 500 B).
 */
export function binaryTicks(max: number): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0];
  let unit = 1;
  while (unit * 1024 <= max) unit *= 1024;
  const inUnits = max / 4 / unit;
  const steps: readonly number[] = unit === 1 ? NICE_STEPS : [0.5, ...NICE_STEPS];
  // Past 500 of a unit the next unit up (1024 of this one) is the round step.
  const step = (steps.find((s) => s >= inUnits) ?? 1024) * unit;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}
