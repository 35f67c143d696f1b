import { describe, expect, it } from 'vitest';
import { formatMiB, formatNumber, formatTable } from './table.js';
import { fanoutEfficiency, judgeSaturation } from './saturation.js';
import { splitEvenly } from './load-kit.js';

describe('formatTable', () => {
  it('aligns the first column left and the others right, under a rule', () => {
    const text = formatTable(['metric', 'push', 'poll'], [['updates/s', '200', '1,950'], ['gaps', '0']]);
    expect(text.split('\n')).toEqual([
      'metric     push   poll',
      '---------  ----  -----',
      'updates/s   200  1,950',
      'gaps          0',
    ]);
  });

  it('formats numbers, missing values and MiB', () => {
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(null)).toBe('-');
    expect(formatNumber(Number.NaN)).toBe('-');
    expect(formatMiB(80 * 1024 * 1024)).toBe('80.0');
  });
});

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

  it('splits clients evenly over processes', () => {
    expect(splitEvenly([1, 2, 3, 4, 5], 2)).toEqual([[1, 3, 5], [2, 4]]);
    expect(splitEvenly([1], 3)).toEqual([[1]]);
  });
});
