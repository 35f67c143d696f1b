import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMeminfo } from './meminfo.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
const KiB = 1024;

describe('parseMeminfo', () => {
  it('reads this machine\'s 6.18 text with MemAvailable, in bytes', () => {
    const m = parseMeminfo(fixture('linux-6.18-meminfo.txt'));
    expect(m.hasMemAvailable).toBe(true);
    expect(m.totalBytes).toBe(24684092 * KiB);
    expect(m.availableBytes).toBe(24337928 * KiB);
    expect(m.buffersBytes).toBe(3036 * KiB);
    // Cached plus SReclaimable, as free(1) counts its cache column.
    expect(m.cachedBytes).toBe((185296 + 78100) * KiB);
    expect(m.swapTotalBytes).toBe(0);
  });

  it('estimates available as free + buffers + cache on 3.2, which has no MemAvailable', () => {
    const m = parseMeminfo(fixture('linux-3.2-meminfo.txt'));
    expect(m.hasMemAvailable).toBe(false);
    expect(m.availableBytes).toBe((191376 + 104096 + 1274520 + 86028) * KiB);
    expect(m.swapTotalBytes - m.swapFreeBytes).toBe((1046524 - 1031820) * KiB);
  });

  it('never estimates more available memory than there is', () => {
    const m = parseMeminfo('MemTotal: 100 kB\nMemFree: 90 kB\nBuffers: 20 kB\nCached: 30 kB\n');
    expect(m.availableBytes).toBe(100 * KiB);
  });

  it('refuses text without MemTotal', () => {
    expect(() => parseMeminfo('MemFree: 1 kB\n')).toThrow(/MemTotal/);
  });
});
