import { describe, expect, it } from 'vitest';
import { binaryTicks } from './axis-ticks.js';
import { formatBytes } from './format.js';

describe('binaryTicks', () => {
  it('steps in round binary units', () => {
    expect(binaryTicks(3.73 * 1024 ** 3).map(formatBytes)).toEqual(['0 B', '1.00 GiB', '2.00 GiB', '3.00 GiB', '4.00 GiB']);
    expect(binaryTicks(2.93 * 1024).map(formatBytes)).toEqual(['0 B', '1.00 KiB', '2.00 KiB', '3.00 KiB']);
    expect(binaryTicks(28.6 * 1024 ** 2).map(formatBytes)).toEqual(['0 B', '10.0 MiB', '20.0 MiB', '30.0 MiB']);
    expect(binaryTicks(1.46 * 1024).map(formatBytes)).toEqual(['0 B', '512 B', '1.00 KiB', '1.50 KiB']);
    expect(binaryTicks(700)).toEqual([0, 200, 400, 600, 800]);
  });
  it('covers the maximum with a handful of ticks', () => {
    for (const max of [1, 700, 5000, 123_456, 9.9e8, 3e12]) {
      const ticks = binaryTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks[ticks.length - 1]!).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(9);
    }
    expect(binaryTicks(0)).toEqual([0]);
  });
});
