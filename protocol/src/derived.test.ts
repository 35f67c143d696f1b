import { describe, expect, it } from 'vitest';
import { diskTotals, fsUsedPct, fullestFsUsedPct, netTotals } from './derived.js';

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

describe('netTotals and diskTotals', () => {
  const iface = (name: string, rx: number, inTotal?: boolean) => ({
    name, rxBytesPerSec: rx, txBytesPerSec: rx / 10, rxPacketsPerSec: 0, txPacketsPerSec: 0, rxErrorsPerSec: 0, txErrorsPerSec: 0, ...(inTotal === undefined ? {} : { inTotal }),
  });
  const dev = (name: string, read: number, inTotal?: boolean) => ({
    name, readBytesPerSec: read, writeBytesPerSec: read * 2, readOpsPerSec: 0, writeOpsPerSec: 0, busyPct: 0, ...(inTotal === undefined ? {} : { inTotal }),
  });

  it('add only what the agent counts, never loopback', () => {
    expect(netTotals([iface('lo', 5000, true), iface('eth0', 1000, true), iface('br0', 900, false), iface('veth1', 900, false)])).toEqual({ rxBytesPerSec: 1000, txBytesPerSec: 100 });
    expect(diskTotals([dev('sda', 100, true), dev('dm-0', 100, false), dev('nvme0n1', 20, true)])).toEqual({ readBytesPerSec: 120, writeBytesPerSec: 240 });
  });

  it("count every device of an older agent, which does not say", () => {
    expect(netTotals([iface('lo', 5000), iface('eth0', 1000), iface('br0', 900)])).toEqual({ rxBytesPerSec: 1900, txBytesPerSec: 190 });
    expect(diskTotals([dev('sda', 100), dev('dm-0', 100)])).toEqual({ readBytesPerSec: 200, writeBytesPerSec: 400 });
  });
});
