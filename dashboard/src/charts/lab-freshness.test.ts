import { describe, expect, it } from 'vitest';
import type { LabFigures } from '@hostpulse/protocol';
import { matchingPollIntervalMs, recentPushAgeP95, type LabPoint } from './lab-freshness.js';

const point = (mode: 'push' | 'poll', p95: number | null): LabPoint => ({ tsMs: 0, mode, figures: { dataAgeP95Ms: p95 } as LabFigures });

describe('matching push freshness', () => {
  it('picks the interval whose p95 age (0.95 of it) equals push p95, within the lab limits', () => {
    expect(matchingPollIntervalMs(95)).toEqual({ intervalMs: 100, clamped: false });
    expect(matchingPollIntervalMs(38)).toEqual({ intervalMs: 50, clamped: true });
    expect(matchingPollIntervalMs(20_000)).toEqual({ intervalMs: 10_000, clamped: true });
  });

  it("takes the median of the push viewers' recent p95, ignoring poll seconds and empty ones", () => {
    expect(recentPushAgeP95([point('poll', 200)])).toBeNull();
    expect(recentPushAgeP95([point('push', 30), point('poll', 900), point('push', null), point('push', 10), point('push', 20)])).toBe(20);
  });
});
