import { describe, expect, it } from 'vitest';
import type { HubStats } from '@hostpulse/protocol';
import { browserSeries } from '../charts/compare-series.js';
import { COMPARE_HISTORY_POINTS, CompareState } from './compare-state.svelte.js';

const stats = (tsMs: number): HubStats => ({ tsMs }) as HubStats;

describe('CompareState', () => {
  it('turns counted bytes, requests and ages into one point a second', () => {
    const state = new CompareState();
    state.tick(0, 'push');
    state.addTraffic(3000, 2);
    state.addTraffic(1000, 0);
    state.recordAge(100);
    state.recordAge(300);
    state.tick(2000, 'poll');
    expect(state.latestBrowser).toEqual({ tsMs: 2000, mode: 'poll', bytesPerSec: 2000, requestsPerSec: 1, ageP50Ms: 100, ageP95Ms: 300 });
    state.tick(3000, 'poll');
    expect(state.latestBrowser?.bytesPerSec).toBe(0);
  });

  it('keeps each hub stats once, however often they are polled, and a bounded history', () => {
    const state = new CompareState();
    state.applyStats(stats(1000));
    state.applyStats(stats(1000));
    state.applyStats(stats(2000));
    expect(state.hubHistory.map((s) => s.tsMs)).toEqual([1000, 2000]);
    for (let i = 3; i < COMPARE_HISTORY_POINTS + 10; i += 1) state.applyStats(stats(i * 1000));
    expect(state.hubHistory).toHaveLength(COMPARE_HISTORY_POINTS);
  });

  it('splits this tab figures into a push and a poll line that break where the other mode ran', () => {
    const state = new CompareState();
    state.tick(1000, 'push');
    state.tick(2000, 'poll');
    const [push, poll] = browserSeries(state.browserHistory, (p) => p.requestsPerSec);
    expect(push!.points.map((p) => Number.isNaN(p.y))).toEqual([false, true]);
    expect(poll!.points.map((p) => Number.isNaN(p.y))).toEqual([true, false]);
  });
});
