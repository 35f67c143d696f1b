import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatBytesPerSec, formatDuration, formatMs, formatPct, formatRate, formatShare, formatUptime } from './format.js';

describe('formatBytes', () => {
  it('uses binary units with at most three significant digits', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(23.4 * 1024 * 1024)).toBe('23.4 MiB');
    expect(formatBytes(512 * 1024 * 1024)).toBe('512 MiB');
    expect(formatBytes(1.21 * 1024 ** 3)).toBe('1.21 GiB');
  });
  it('shows a dash for values that are not a size', () => {
    expect(formatBytes(Number.NaN)).toBe('–');
    expect(formatBytes(-1)).toBe('–');
  });
  it('adds /s for rates', () => {
    expect(formatBytesPerSec(2048)).toBe('2.00 KiB/s');
    expect(formatBytesPerSec(Number.NaN)).toBe('–');
  });
});

describe('formatPct and formatShare', () => {
  it('keeps one decimal only below 10%', () => {
    expect(formatPct(0)).toBe('0%');
    expect(formatPct(0.44)).toBe('0.4%');
    expect(formatPct(23.6)).toBe('24%');
    expect(formatPct(100)).toBe('100%');
    expect(formatShare(0.75)).toBe('75%');
  });
});

describe('formatMs', () => {
  it('switches from ms to s to min', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1234)).toBe('1.2 s');
    expect(formatMs(42_000)).toBe('42 s');
    expect(formatMs(180_000)).toBe('3 min');
  });
});

describe('formatUptime', () => {
  it('shows the two largest units', () => {
    expect(formatUptime(42)).toBe('42s');
    expect(formatUptime(12 * 60 + 5)).toBe('12m 5s');
    expect(formatUptime(4 * 3600 + 12 * 60)).toBe('4h 12m');
    expect(formatUptime(3 * 86_400 + 4 * 3600 + 59)).toBe('3d 4h');
  });
});

describe('formatAgo', () => {
  it('says how long ago in the largest sensible unit', () => {
    expect(formatAgo(1000, 2000)).toBe('just now');
    expect(formatAgo(0, 30_000)).toBe('30 s ago');
    expect(formatAgo(0, 120_000)).toBe('2 min ago');
    expect(formatAgo(0, 3 * 3600_000)).toBe('3 h ago');
  });
});

describe('formatRate', () => {
  it('keeps a decimal for small rates', () => {
    expect(formatRate(0.5)).toBe('0.5');
    expect(formatRate(12.6)).toBe('13');
  });
});

describe('formatDuration', () => {
  it('names a span in the unit that reads best, to a tenth', () => {
    expect(formatDuration(750)).toBe('750 ms');
    expect(formatDuration(66_000)).toBe('66 s');
    expect(formatDuration(144_000)).toBe('2.4 min');
    expect(formatDuration(3_600_000)).toBe('60 min');
    expect(formatDuration(21_600_000)).toBe('6 h');
    expect(formatDuration(129_600_000 * 2)).toBe('3 d');
  });
});
