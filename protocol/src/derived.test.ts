import { describe, expect, it } from 'vitest';
import { fullestFsUsedPct } from './derived.js';

describe('fullestFsUsedPct', () => {
  it('gives the used share of the fullest filesystem, rounded to 0.01', () => {
    const fs = [
      { mount: '/', fsType: 'ext4', sizeBytes: 300, usedBytes: 100 },
      { mount: '/data', fsType: 'xfs', sizeBytes: 3000, usedBytes: 2000 },
    ];
    expect(fullestFsUsedPct(fs)).toBe(66.67);
  });

  it('is undefined with no filesystem, and skips filesystems of size zero', () => {
    expect(fullestFsUsedPct([])).toBeUndefined();
    expect(fullestFsUsedPct([{ mount: '/proc', fsType: 'proc', sizeBytes: 0, usedBytes: 0 }])).toBeUndefined();
  });
});
