import { describe, expect, it } from 'vitest';
import { AgeWindow, ageOnHubClock, bestReading, offsetFromRoundTrip, percentile } from './staleness.js';

describe('clock offset from a round trip', () => {
  it('takes the midpoint of the round trip as the moment the hub read its clock', () => {
    // Browser sends at 1000, receives at 1100; the hub said 6050: the hub is 5000 ms ahead.
    expect(offsetFromRoundTrip(1000, 6050, 1100)).toEqual({ offsetMs: 5000, rttMs: 100 });
    // A browser clock ahead of the hub gives a negative offset.
    expect(offsetFromRoundTrip(10_000, 7_010, 10_020).offsetMs).toBe(-3000);
  });
  it('prefers the reading with the shortest round trip', () => {
    const readings = [
      { offsetMs: 40, rttMs: 80 },
      { offsetMs: 5, rttMs: 4 },
      { offsetMs: 22, rttMs: 30 },
    ];
    expect(bestReading(readings)).toEqual({ offsetMs: 5, rttMs: 4 });
    expect(bestReading([])).toBeUndefined();
  });
});

describe('age on the hub clock', () => {
  it('corrects the browser clock by the offset', () => {
    // Browser says 1000, hub is 500 ms ahead: hub now is 1500; sample received by hub at 1200.
    expect(ageOnHubClock(1200, 1000, 500)).toBe(300);
  });
  it('never reports a negative age when the offset is slightly off', () => {
    expect(ageOnHubClock(2000, 1000, 500)).toBe(0);
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([30, 10, 20], 50)).toBe(20);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });
  it('AgeWindow reports each second on its own', () => {
    const window = new AgeWindow();
    for (const age of [10, 20, 30, 40, 1000]) window.add(age);
    expect(window.drain()).toEqual({ p50Ms: 30, p95Ms: 1000, count: 5 });
    const empty = window.drain();
    expect(empty.count).toBe(0);
    expect(Number.isNaN(empty.p50Ms)).toBe(true);
  });
});
