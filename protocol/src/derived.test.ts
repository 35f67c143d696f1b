import { describe, expect, it } from 'vitest';
import { fsUsedPct, fullestFsUsedPct } from './derived.js';

describe('fullestFsUsedPct', () => {
  it('gives the used share of the fullest filesystem, rounded to 0.01', () => {
    const fs = [
      { mount: '/', fsType: 'ext4', sizeBytes: 300, usedBytes: 100 },
      { mount: '/data', fsType: 'xfs', sizeBytes: 3000, usedBytes: 2000 },
    ];
    expect(fullestFsUsedPct(fs)).toBe(66.67);
  });

  it('counts as df does when the agent sends available bytes: the blocks reserved for root are full', () => {
    const fs = [
      // 100 of 1000 bytes reserved: df says 500 / (500 + 400) = 55.56%, not 500 / 1000.
      { mount: '/', fsType: 'ext4', sizeBytes: 1000, usedBytes: 500, availableBytes: 400 },
      { mount: '/data', fsType: 'xfs', sizeBytes: 1000, usedBytes: 540 },
    ];
    expect(fullestFsUsedPct(fs)).toBe(55.56);
  });

  it('is undefined with no filesystem, and skips filesystems of size zero', () => {
    expect(fullestFsUsedPct([])).toBeUndefined();
    expect(fullestFsUsedPct([{ mount: '/proc', fsType: 'proc', sizeBytes: 0, usedBytes: 0 }])).toBeUndefined();
  });
});

describe('fsUsedPct', () => {
  it('is used / (used + available), used / size without available bytes, 100 with none available, 0 when empty', () => {
    expect(fsUsedPct({ mount: '/', fsType: 'ext4', sizeBytes: 1000, usedBytes: 950, availableBytes: 0 })).toBe(100);
    expect(fsUsedPct({ mount: '/', fsType: 'ext4', sizeBytes: 1000, usedBytes: 300, availableBytes: 600 })).toBeCloseTo(33.333, 3);
    expect(fsUsedPct({ mount: '/', fsType: 'ext4', sizeBytes: 1000, usedBytes: 300 })).toBe(30);
    expect(fsUsedPct({ mount: '/', fsType: 'ext4', sizeBytes: 0, usedBytes: 0, availableBytes: 0 })).toBe(0);
  });
});
