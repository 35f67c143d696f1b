/** Cumulative counters of one block device from /proc/diskstats. */
export interface DiskCounters {
  readsCompleted: number;
  sectorsRead: number;
  writesCompleted: number;
  sectorsWritten: number;
  /** Milliseconds the device had I/O in flight; its growth over wall time is the busy share. */
  ioTicksMs: number;
}

/** /proc/diskstats counts sectors of 512 bytes whatever the device's own sector size. */
export const DISKSTATS_SECTOR_BYTES = 512;

/**
 * Parses the text of /proc/diskstats into counters by device name. A line has 14
 * fields up to 4.17, 18 from 4.18 (discards) and 20 from 5.5 (flushes); the first 14
 * mean the same in all three. Kernels before 2.6.25 printed partitions with only 7
 * fields and no io_ticks: those lines are skipped, as partitions are not reported.
 */
export function parseDiskstats(text: string): Map<string, DiskCounters> {
  const result = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 14) continue;
    const numbers = fields.slice(3, 14).map(Number);
    if (numbers.some((n) => !Number.isFinite(n))) throw new Error(`/proc/diskstats: cannot read line "${line}"`);
    result.set(fields[2]!, {
      readsCompleted: numbers[0]!,
      sectorsRead: numbers[2]!,
      writesCompleted: numbers[4]!,
      sectorsWritten: numbers[6]!,
      ioTicksMs: numbers[9]!,
    });
  }
  return result;
}
