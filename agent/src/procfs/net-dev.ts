/** Cumulative counters of one network interface from /proc/net/dev. */
export interface NetCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

/**
 * Parses the text of /proc/net/dev into counters by interface name. The name is
 * everything before the colon: old kernels print no space after it once the byte
 * count is wide ("eth0:4294967295 ..."), so splitting on whitespace alone is wrong.
 */
export function parseNetDev(text: string): Map<string, NetCounters> {
  const result = new Map<string, NetCounters>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (name === '' || fields.length < 16 || fields.some((n) => !Number.isFinite(n))) {
      throw new Error(`/proc/net/dev: cannot read line "${line}"`);
    }
    result.set(name, {
      rxBytes: fields[0]!,
      rxPackets: fields[1]!,
      rxErrors: fields[2]!,
      rxDropped: fields[3]!,
      txBytes: fields[8]!,
      txPackets: fields[9]!,
      txErrors: fields[10]!,
      txDropped: fields[11]!,
    });
  }
  return result;
}
