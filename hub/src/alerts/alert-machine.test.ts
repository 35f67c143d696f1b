import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALERT_OPS } from '@hostpulse/protocol';
import { breaches, clears, OK_TRACK, stepTrack, type Change, type Condition, type Track } from './alert-machine.js';

/** A condition with a band of `band` between its threshold and clear level, on the side the op implies. */
const conditionArb = fc
  .record({
    op: fc.constantFrom(...ALERT_OPS),
    threshold: fc.integer({ min: -100, max: 100 }),
    band: fc.integer({ min: 0, max: 20 }),
    forMs: fc.integer({ min: 0, max: 10_000 }),
  })
  .map(({ op, threshold, band, forMs }): Condition => ({ op, threshold, clear: op === '>' || op === '>=' ? threshold - band : threshold + band, forMs, clearForMs: 0 }));

/** The same, with a time the condition must stay inactive before a firing alert resolves. */
const clearForArb = fc.tuple(conditionArb, fc.integer({ min: 0, max: 10_000 })).map(([c, clearForMs]): Condition => ({ ...c, clearForMs }));

/** Values near the interesting levels as often as anywhere else. */
function valueArb(c: Condition): fc.Arbitrary<number> {
  return fc.oneof(fc.constantFrom(c.threshold, c.clear, (c.threshold + c.clear) / 2), fc.double({ min: -150, max: 150, noNaN: true }));
}

/** A run of values, each a gap after the one before. */
function runArb(c: Condition): fc.Arbitrary<{ gapMs: number; value: number }[]> {
  return fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 3000 }), value: valueArb(c) }), { maxLength: 60 });
}

const inBand = (c: Condition, v: number): boolean => !breaches(c, v) && !clears(c, v);

describe('alert state machine', () => {
  it('matches the model with clearFor 0: active from a breach until a clear, firing once active for `for`', () => {
    fc.assert(
      fc.property(conditionArb.chain((c) => fc.tuple(fc.constant(c), runArb(c))), ([c, run]) => {
        let track: Track = OK_TRACK;
        let active = false;
        let sinceMs = 0;
        let nowMs = 0;
        for (const { gapMs, value } of run) {
          nowMs += gapMs;
          const before = track.phase;
          const step = stepTrack(c, track, value, nowMs);
          track = step.track;
          if (!active && breaches(c, value)) {
            active = true;
            sinceMs = nowMs;
          } else if (active && clears(c, value)) {
            active = false;
          }
          const expected = !active ? 'ok' : nowMs - sinceMs >= c.forMs ? 'firing' : 'pending';
          expect(track.phase).toBe(expected);
          if (track.phase !== 'ok') expect(track.activeSinceMs).toBe(sinceMs);
          // The change names the move, and a move is never silent.
          const changes: Record<string, Change | null> = { 'ok>pending': 'pending', 'ok>firing': 'firing', 'pending>firing': 'firing', 'firing>ok': 'resolved', 'pending>ok': 'cancelled' };
          expect(step.change).toBe(before === track.phase ? null : changes[`${before}>${track.phase}`]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never moves on values inside the hysteresis band, save a pending alert whose `for` has passed', () => {
    fc.assert(
      fc.property(
        conditionArb.filter((c) => c.threshold !== c.clear),
        fc.constantFrom<Track['phase']>('ok', 'pending', 'firing'),
        fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 3000 }), share: fc.double({ min: 0.01, max: 0.99, noNaN: true }) }), { minLength: 1, maxLength: 40 }),
        (c, phase, run) => {
          let track: Track = phase === 'ok' ? OK_TRACK : { phase, activeSinceMs: 0, firedMs: phase === 'firing' ? 0 : null, clearingSinceMs: null };
          let nowMs = 0;
          for (const { gapMs, share } of run) {
            nowMs += gapMs;
            const value = c.clear + (c.threshold - c.clear) * share;
            expect(inBand(c, value)).toBe(true);
            const { track: next, change } = stepTrack(c, track, value, nowMs);
            if (track.phase === 'pending' && nowMs - track.activeSinceMs >= c.forMs) expect(change).toBe('firing');
            else expect(change).toBeNull();
            track = next;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fires no earlier than `for` after the breach that started it, and only if no value cleared since', () => {
    fc.assert(
      fc.property(conditionArb.chain((c) => fc.tuple(fc.constant(c), runArb(c))), ([c, run]) => {
        let track: Track = OK_TRACK;
        let nowMs = 0;
        const seen: { nowMs: number; value: number }[] = [];
        // Where the current episode started: the value that moved the alert out of ok.
        // Found by position, not time, since several values may share a timestamp.
        let startIdx = -1;
        for (const { gapMs, value } of run) {
          nowMs += gapMs;
          seen.push({ nowMs, value });
          const wasOk = track.phase === 'ok';
          const step = stepTrack(c, track, value, nowMs);
          track = step.track;
          if (wasOk && track.phase !== 'ok') startIdx = seen.length - 1;
          if (step.change !== 'firing') continue;
          expect(nowMs - track.activeSinceMs).toBeGreaterThanOrEqual(c.forMs);
          const since = seen.slice(startIdx);
          expect(since[0]!.nowMs).toBe(track.activeSinceMs);
          expect(breaches(c, since[0]!.value)).toBe(true);
          expect(since.some((s) => clears(c, s.value))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('holds a firing cpu > 90 (clear 85) alert through 86-90 and resolves below 85', () => {
    const c: Condition = { op: '>', threshold: 90, clear: 85, forMs: 2000, clearForMs: 0 };
    const states: (string | null)[] = [];
    let track: Track = OK_TRACK;
    [95, 96, 97, 88, 86, 90, 84, 89].forEach((value, i) => {
      const step = stepTrack(c, track, value, i * 1000);
      track = step.track;
      states.push(step.change);
    });
    expect(states).toEqual(['pending', null, 'firing', null, null, null, 'resolved', null]);
  });

  it('resolves a firing alert exactly when its condition has been inactive for clearFor: a clear, then no breach', () => {
    fc.assert(
      fc.property(clearForArb.chain((c) => fc.tuple(fc.constant(c), runArb(c))), ([c, run]) => {
        let track: Track = OK_TRACK;
        let nowMs = 0;
        // While firing: when the condition turned inactive (a clear since the last breach), if it did.
        let inactiveSinceMs: number | null = null;
        for (const { gapMs, value } of run) {
          nowMs += gapMs;
          const wasFiring = track.phase === 'firing';
          if (wasFiring) {
            if (breaches(c, value)) inactiveSinceMs = null;
            else if (inactiveSinceMs === null && clears(c, value)) inactiveSinceMs = nowMs;
          }
          const step = stepTrack(c, track, value, nowMs);
          track = step.track;
          const due = wasFiring && inactiveSinceMs !== null && nowMs - inactiveSinceMs >= c.clearForMs;
          expect(step.change === 'resolved').toBe(due);
          if (track.phase !== 'firing') inactiveSinceMs = null;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a firing alert through a one-value dip with clearFor, without firing again, and resolves after clearFor of clear values', () => {
    const c: Condition = { op: '>', threshold: 90, clear: 85, forMs: 2000, clearForMs: 3000 };
    const states: (string | null)[] = [];
    let track: Track = OK_TRACK;
    [95, 96, 97, 50, 95, 96, 50, 87, 50, 50, 95].forEach((value, i) => {
      const step = stepTrack(c, track, value, i * 1000);
      track = step.track;
      states.push(step.change);
    });
    expect(states).toEqual(['pending', null, 'firing', null, null, null, null, null, null, 'resolved', 'pending']);
  });
});
