/** Parses the text of /proc/uptime ("393.22 698.18") into seconds since boot. */
export function parseUptime(text: string): number {
  const first = text.trim().split(/\s+/)[0] ?? '';
  // Number('') is 0, so an empty file must be caught before converting.
  if (!/^\d+(\.\d+)?$/.test(first)) throw new Error(`/proc/uptime: cannot read "${text.trim()}"`);
  return Number(first);
}
