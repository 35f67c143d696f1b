import { describe, expect, it } from 'vitest';
import { ProcessStats } from './own-process.js';

describe('ProcessStats', () => {
  it('reports CPU over the interval, memory, and event-loop delay beyond the timer resolution', async () => {
    const stats = new ProcessStats();
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // Busy: CPU time and one long event-loop stall.
    }
    // Then 200 ms of ordinary 10 ms ticks, so that p50 is one of them and p99 the stall,
    // however late a loaded machine runs the timer (40 ms left too few ticks to tell apart).
    await new Promise((r) => setTimeout(r, 200));
    const figures = stats.sample();
    stats.stop();
    expect(figures.cpuPct).toBeGreaterThan(0);
    expect(figures.rssBytes).toBeGreaterThan(figures.heapUsedBytes);
    expect(figures.eventLoopDelayP99Ms).toBeGreaterThan(figures.eventLoopDelayP50Ms);
    expect(stats.latest).toBe(figures);
  });
});
