import type { DiskDevice, Filesystem, NetInterface } from './sample.js';

/**
 * Used share of the fullest filesystem, percent rounded to 0.01; undefined with no
 * filesystem of any size. Figures derived from the wire shapes live here, once.
 */
export function fullestFsUsedPct(filesystems: readonly Filesystem[]): number | undefined {
  let fullest: number | undefined;
  for (const fs of filesystems) {
    if (fs.sizeBytes <= 0) continue;
    const pct = fsUsedPct(fs);
    if (fullest === undefined || pct > fullest) fullest = pct;
  }
  return fullest === undefined ? undefined : Math.round(fullest * 100) / 100;
}

/**
 * Used share of a filesystem in percent, as df counts it: used / (used + available),
 * so the blocks reserved for root count as full and 100 means ordinary users get
 * ENOSPC. Without available bytes (an older agent) it is used / size. 0 when empty.
 */
export function fsUsedPct(fs: Filesystem): number {
  const whole = fs.availableBytes === undefined ? fs.sizeBytes : fs.usedBytes + fs.availableBytes;
  return whole > 0 ? Math.min(100, Math.max(0, (fs.usedBytes / whole) * 100)) : 0;
}

/**
 * A host's network totals in bytes per second: the interfaces its agent counts
 * (`inTotal`, physical ones by default), never loopback, whose traffic never leaves
 * the host. Interfaces of older agents, which do not say, all count.
 */
export function netTotals(net: readonly NetInterface[]): { rxBytesPerSec: number; txBytesPerSec: number } {
  let rxBytesPerSec = 0;
  let txBytesPerSec = 0;
  for (const iface of net) {
    if (iface.name === 'lo' || iface.inTotal === false) continue;
    rxBytesPerSec += iface.rxBytesPerSec;
    txBytesPerSec += iface.txBytesPerSec;
  }
  return { rxBytesPerSec, txBytesPerSec };
}

/**
 * A host's disk totals in bytes per second: the devices its agent counts (`inTotal`,
 * not those stacked on others, whose I/O their lower devices already count).
 * Devices of older agents, which do not say, all count.
 */
export function diskTotals(disk: readonly DiskDevice[]): { readBytesPerSec: number; writeBytesPerSec: number } {
  let readBytesPerSec = 0;
  let writeBytesPerSec = 0;
  for (const dev of disk) {
    if (dev.inTotal === false) continue;
    readBytesPerSec += dev.readBytesPerSec;
    writeBytesPerSec += dev.writeBytesPerSec;
  }
  return { readBytesPerSec, writeBytesPerSec };
}
