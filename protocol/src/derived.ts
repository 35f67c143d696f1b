import type { Filesystem } from './sample.js';

/**
 * Used share of the fullest filesystem, percent rounded to 0.01; undefined with no
 * filesystem of any size. Figures derived from the wire shapes live here, once.
 */
export function fullestFsUsedPct(filesystems: readonly Filesystem[]): number | undefined {
  let fullest: number | undefined;
  for (const fs of filesystems) {
    if (fs.sizeBytes <= 0) continue;
    const pct = Math.min(100, Math.max(0, (fs.usedBytes / fs.sizeBytes) * 100));
    if (fullest === undefined || pct > fullest) fullest = pct;
  }
  return fullest === undefined ? undefined : Math.round(fullest * 100) / 100;
}
