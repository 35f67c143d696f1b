import { describe, expect, it } from 'vitest';
import { fanoutEfficiency, judgeSaturation } from './saturation.js';

describe('fan-out saturation', () => {
  const base = { machineBusyPct: 50, deliveredPerSec: 1000, expectedPerSec: 1000 };

  it('names the server when it is near a full core', () => {
    expect(judgeSaturation({ ...base, serverPct: 95, loadPcts: [95, 20] })).toBe('server');
  });

  it('names the load generator when one of its processes is near a full core', () => {
    expect(judgeSaturation({ ...base, serverPct: 40, loadPcts: [20, 93] })).toBe('load generator');
  });

  it('names the machine when all cores together are busy', () => {
    expect(judgeSaturation({ ...base, serverPct: 60, loadPcts: [30, 20], machineBusyPct: 95 })).toBe('machine');
  });

  it('notices delivery falling behind, and nothing while all is well', () => {
    expect(judgeSaturation({ ...base, serverPct: 10, loadPcts: [10], deliveredPerSec: 500 })).toBe('delivery fell behind');
    expect(judgeSaturation({ ...base, serverPct: 10, loadPcts: [10] })).toBeNull();
  });

  it('counts delivered messages per second of server CPU', () => {
    expect(fanoutEfficiency(20_000, 5)).toBe(400_000);
    expect(fanoutEfficiency(20_000, 0)).toBeNull();
  });
});
