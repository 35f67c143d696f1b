/** Memory and swap from /proc/meminfo, in bytes. */
export interface MemInfo {
  totalBytes: number;
  availableBytes: number;
  /** Page cache plus reclaimable slab, as free(1) counts "cache". */
  cachedBytes: number;
  buffersBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  /** False on kernels before 3.14, where availableBytes is estimated. */
  hasMemAvailable: boolean;
}

/** Parses the text of /proc/meminfo; throws when MemTotal or MemFree is missing. */
export function parseMeminfo(text: string): MemInfo {
  const kib = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([\w()]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (match) kib.set(match[1]!, Number(match[2]) * 1024);
  }
  const get = (key: string) => kib.get(key) ?? 0;
  const total = kib.get('MemTotal');
  const free = kib.get('MemFree');
  if (total === undefined || free === undefined) throw new Error('/proc/meminfo: no MemTotal or MemFree line');
  const cached = get('Cached') + get('SReclaimable');
  const buffers = get('Buffers');
  const available = kib.get('MemAvailable');
  return {
    totalBytes: total,
    // Before 3.14 the kernel gives no MemAvailable; free + buffers + cache is the
    // estimate older free(1) printed on its "-/+ buffers/cache" line. It overstates a
    // little (not all cache can be dropped), so it is capped at the total.
    availableBytes: available ?? Math.min(total, free + buffers + cached),
    cachedBytes: cached,
    buffersBytes: buffers,
    swapTotalBytes: get('SwapTotal'),
    swapFreeBytes: get('SwapFree'),
    hasMemAvailable: available !== undefined,
  };
}
