import type { HostSummary, OverviewFrame } from '@hostpulse/protocol';

/**
 * Splits an overview frame into frames of at most `maxBytes` as JSON. The first
 * keeps `full` and `removed`; the rest are deltas (`full` false) of the same
 * version, so a client that merges deltas, as every dashboard does, ends up with
 * every host of the whole frame. A frame that fits is returned as it is.
 */
export function splitOverviewFrame(frame: OverviewFrame, maxBytes: number): OverviewFrame[] {
  // A later part says "false" where the first may say "true": one byte more.
  const room = maxBytes - Buffer.byteLength(JSON.stringify({ ...frame, hosts: [] })) - 1;
  const parts: HostSummary[][] = [[]];
  let bytes = 0;
  for (const host of frame.hosts) {
    const size = Buffer.byteLength(JSON.stringify(host)) + 1;
    if (bytes + size > room && parts.at(-1)!.length > 0) {
      parts.push([]);
      bytes = 0;
    }
    parts.at(-1)!.push(host);
    bytes += size;
  }
  if (parts.length === 1) return [frame];
  const { version, hubTimeMs } = frame;
  return parts.map((hosts, i) => (i === 0 ? { ...frame, hosts } : { type: 'overview', full: false, version, hubTimeMs, hosts }));
}
