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

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps a time axis may take: round seconds, minutes, hours and days. */
const TIME_STEPS_MS = [SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY] as const;

/** The smallest round step that puts at most `maxTicks` ticks on a time axis `spanMs` wide, wherever it starts. */
export function timeStepMs(spanMs: number, maxTicks: number): number {
  return TIME_STEPS_MS.find((step) => spanMs / step < maxTicks) ?? Math.ceil(spanMs / (maxTicks - 1) / DAY) * DAY;
}

/**
 * Tick times for a time axis from `minMs` to `maxMs`: every step (see timeStepMs) on
 * the local clock, so ticks fall on whole minutes, hours and midnights ("18:00",
 * "00:00", "06:00" for a day) rather than wherever the window happens to start.
 */
export function timeTicks(minMs: number, maxMs: number, maxTicks: number): number[] {
  if (!(maxMs > minMs)) return [];
  const step = timeStepMs(maxMs - minMs, maxTicks);
  // Local time as if it were UTC, so whole steps are whole local hours and days (DST ignored).
  const zoneMs = new Date(minMs).getTimezoneOffset() * MINUTE;
  const ticks: number[] = [];
  for (let local = Math.ceil((minMs - zoneMs) / step) * step; local + zoneMs <= maxMs; local += step) ticks.push(local + zoneMs);
  return ticks;
}
