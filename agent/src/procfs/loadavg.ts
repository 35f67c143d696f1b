import type { Sample } from '@hostpulse/protocol';

/** Parses the text of /proc/loadavg ("0.21 0.21 0.11 1/81 4851") into the sample's 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): Sample['load'] {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (![one, five, fifteen].every((n) => n !== undefined && Number.isFinite(n) && n >= 0)) {
    throw new Error(`/proc/loadavg: cannot read "${text.trim()}"`);
  }
  return { one: one!, five: five!, fifteen: fifteen! };
}
