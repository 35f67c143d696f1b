/** Parses the text of /proc/uptime ("393.22 698.18") into seconds since boot. */
export function parseUptime(text: string): number {
  const seconds = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`/proc/uptime: cannot read "${text.trim()}"`);
  return seconds;
}
