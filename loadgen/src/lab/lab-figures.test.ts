import { describe, expect, it } from 'vitest';
import type { ClientReport } from '../meter/client-meter.js';
import { createHistogram, recordValue } from '../meter/histogram.js';
import { LabFiguresMeter } from './lab-figures.js';

function report(updates: number, ages: number[], extra: Partial<ClientReport> = {}): ClientReport {
  const staleness = createHistogram();
  for (const age of ages) recordValue(staleness, age);
  return {
    windowMs: 0, clients: 10, connected: 10, frames: updates, updates, missing: 0, duplicates: 0, staleness,
    wireRxBytes: 0, wireTxBytes: 0, requests: 0, notModified: 0, errors: 0, closeCodes: {}, ...extra,
  };
}

const cpu = (ms: number): NodeJS.CpuUsage => ({ user: ms * 1000, system: 0 });

describe('lab figures', () => {
  it('gives rates and data age of only what arrived since the previous reading', () => {
    const meter = new LabFiguresMeter(0);
    const first = meter.next(report(4, [10, 10, 20, 20], { requests: 8, wireRxBytes: 4000 }), 'poll', cpu(100), 1000, 0);
    expect(first.cpuPct).toBeCloseTo(10);
    expect(first).toMatchObject({ updatesPerSec: 4, requestsPerSec: 8, rxBytesPerSec: 4000, dataAgeP50Ms: 10, dataAgeP95Ms: 20, connected: 10 });
    // Totals grow: two more updates, both 200 ms old, in half a second.
    const second = meter.next(report(6, [10, 10, 20, 20, 200, 200], { requests: 10, notModified: 1, wireRxBytes: 5000 }), 'poll', cpu(300), 1500, 0);
    expect(second).toMatchObject({ updatesPerSec: 4, requestsPerSec: 4, notModifiedPerSec: 2, rxBytesPerSec: 2000, dataAgeP50Ms: 200, dataAgeP95Ms: 200 });
    // 200 ms of CPU in 500 ms: 40% of a core.
    expect(second.cpuPct).toBeCloseTo(40);
  });

  it('has no data age for a second with no update, and starts again after a reset', () => {
    const meter = new LabFiguresMeter(0);
    meter.next(report(2, [5, 5]), 'poll', cpu(0), 1000, 0);
    expect(meter.next(report(2, [5, 5]), 'poll', cpu(0), 2000, 0)).toMatchObject({ updatesPerSec: 0, dataAgeP50Ms: null, dataAgeP95Ms: null });
    meter.reset();
    // New viewers' counts start again; the process's CPU goes on from the last reading: 300 ms in 3 s.
    const after = meter.next(report(3, [7, 7, 7]), 'poll', cpu(300), 5000, 4000);
    expect(after).toMatchObject({ updatesPerSec: 3, dataAgeP50Ms: 7 });
    expect(after.cpuPct).toBeCloseTo(10);
  });
});
