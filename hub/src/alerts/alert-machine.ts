import { passesThreshold, type AlertOp } from '@hostpulse/protocol';

/** What decides one alert's state: a comparison with hysteresis and a hold time. */
export interface Condition {
  op: AlertOp;
  /** Passing it by `op` makes the condition active. */
  threshold: number;
  /** Passing back beyond it (the other way) makes the condition inactive again. */
  clear: number;
  /** How long the condition stays active before the alert fires. */
  forMs: number;
  /** How long a firing alert's condition stays inactive before the alert resolves. */
  clearForMs: number;
}

/** Where one alert stands: `ok` (nothing to report), `pending` (active, not yet for long enough) or `firing`. */
export type Phase = 'ok' | 'pending' | 'firing';

/** One alert's state; times are those of the values that moved it. */
export interface Track {
  phase: Phase;
  /** When the condition turned active (meaningful unless ok). */
  activeSinceMs: number;
  /** When the alert fired; null unless firing. */
  firedMs: number | null;
  /** When a firing alert's condition turned inactive; null unless firing and inactive. */
  clearingSinceMs: number | null;
}

/**
 * A state change: pending, firing, resolved (was firing), cancelled (was pending,
 * never fired), or withdrawn (its rule is gone or no longer covers its host: it
 * ends with nothing said about its condition, which may still hold).
 */
export type Change = 'pending' | 'firing' | 'resolved' | 'cancelled' | 'withdrawn';

/** The state of an alert with nothing to report. */
export const OK_TRACK: Track = Object.freeze({ phase: 'ok', activeSinceMs: 0, firedMs: null, clearingSinceMs: null });

/** Whether a value passes the threshold: the condition turns active. */
export function breaches(c: Condition, value: number): boolean {
  return passesThreshold(c.op, value, c.threshold);
}

/**
 * Whether a value is back beyond the clear level: the condition turns inactive.
 * Between the clear level and the threshold (the hysteresis band) neither holds,
 * so the condition keeps whatever it was.
 */
export function clears(c: Condition, value: number): boolean {
  return c.op === '>' || c.op === '>=' ? value < c.clear : value > c.clear;
}

/**
 * A pending alert whose condition has held for `forMs` by `nowMs` fires, unless
 * `mayFire` is false (a replayed value: it stays pending, to fire on the first live
 * value that still finds it active); anything else stays.
 */
export function advanceTrack(c: Condition, track: Track, nowMs: number, mayFire = true): { track: Track; change: Change | null } {
  if (mayFire && track.phase === 'pending' && nowMs - track.activeSinceMs >= c.forMs) {
    return { track: { phase: 'firing', activeSinceMs: track.activeSinceMs, firedMs: nowMs, clearingSinceMs: null }, change: 'firing' };
  }
  return { track, change: null };
}

/**
 * The state after one value seen at `nowMs`. The condition is a Schmitt trigger:
 * it turns active when a value breaches the threshold and inactive only when one
 * clears the clear level, so values inside the band never flap an alert. Active
 * for `forMs`, a pending alert fires; inactive, it is cancelled at once (it was
 * never announced). A firing alert resolves on the first value that finds its
 * condition inactive for `clearForMs`; a breach before then keeps it firing, so a
 * short dip neither resolves it nor makes it fire again. With `forMs` 0 a breach
 * fires at once, with `clearForMs` 0 a clear resolves at once. A value with
 * `mayFire` false moves the alert as any other but never makes it fire (see
 * advanceTrack).
 */
export function stepTrack(c: Condition, track: Track, value: number, nowMs: number, mayFire = true): { track: Track; change: Change | null } {
  if (track.phase === 'ok') {
    if (!breaches(c, value)) return { track, change: null };
    const pending: Track = { phase: 'pending', activeSinceMs: nowMs, firedMs: null, clearingSinceMs: null };
    const fired = advanceTrack(c, pending, nowMs, mayFire);
    return fired.change ? fired : { track: pending, change: 'pending' };
  }
  if (track.phase === 'pending') {
    return clears(c, value) ? { track: OK_TRACK, change: 'cancelled' } : advanceTrack(c, track, nowMs, mayFire);
  }
  if (breaches(c, value)) return { track: { ...track, clearingSinceMs: null }, change: null };
  const clearingSinceMs = track.clearingSinceMs ?? (clears(c, value) ? nowMs : null);
  if (clearingSinceMs === null) return { track, change: null };
  if (nowMs - clearingSinceMs >= c.clearForMs) return { track: OK_TRACK, change: 'resolved' };
  return { track: { ...track, clearingSinceMs }, change: null };
}
