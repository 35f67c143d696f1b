import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

describe('backoffDelayMs', () => {
  it('stays within [0, min(cap, base * 2^attempt)) for any attempt and random draw', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const delay = backoffDelayMs(attempt, () => r);
        const ceiling = Math.min(30_000, 500 * 2 ** attempt);
        return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
      }),
    );
  });

  it('doubles its ceiling per attempt up to the cap', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 6, 7, 50].map((a) => backoffDelayMs(a, top))).toEqual([499, 999, 1999, 3999, 29999, 29999, 29999]);
    expect(backoffDelayMs(3, () => 0)).toBe(0);
  });

  it('spreads delays over the window (full jitter), not around a fixed value', () => {
    expect(backoffDelayMs(4, () => 0.1)).toBe(800);
    expect(backoffDelayMs(4, () => 0.9)).toBe(7200);
  });
});
