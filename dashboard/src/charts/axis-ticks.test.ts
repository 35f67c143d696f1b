import { describe, expect, it } from 'vitest';
import { binaryTicks, timeStepMs, timeTicks } from './axis-ticks.js';
import { formatBytes, formatTimeTick } from '../format/format.js';

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

describe('timeTicks', () => {
  const at = (hhmm: string): number => new Date(`2026-12-01T${hhmm}:00`).getTime();

  it('puts a day on whole local hours, a few hours apart', () => {
    const ticks = timeTicks(at('14:03'), at('14:03') + 86_400_000, 5);
    expect(ticks.map((t) => formatTimeTick(t, timeStepMs(86_400_000, 5)))).toEqual(['18:00', '2 Dec', '06:00', '12:00']);
  });

  it('steps in whole minutes or seconds for short windows, never more ticks than asked', () => {
    const ticks = timeTicks(at('14:03') + 17_000, at('14:08') + 17_000, 6);
    expect(ticks.map((t) => formatTimeTick(t, timeStepMs(300_000, 6)))).toEqual(['14:04', '14:05', '14:06', '14:07', '14:08']);
    expect(formatTimeTick(at('14:03') + 15_000, timeStepMs(60_000, 5))).toBe('14:03:15');
    for (const spanMs of [10_000, 3_600_000, 21_600_000, 604_800_000, 2_592_000_000, 400 * 86_400_000]) {
      expect(timeTicks(at('00:17'), at('00:17') + spanMs, 5).length).toBeLessThanOrEqual(5);
      expect(timeTicks(at('00:17'), at('00:17') + spanMs, 5).length).toBeGreaterThanOrEqual(2);
    }
  });
});
