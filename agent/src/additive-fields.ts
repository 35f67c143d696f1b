import { ADDITIVE_SAMPLE_FIELDS } from '@hostpulse/protocol';

/**
 * A buffered sample frame as a hub may take it: the additive fields its welcome did
 * not list in `accepts` (an older hub, whose strict validation would refuse them)
 * are left out. The frame itself when the hub takes them all or the sample lacks
 * their groups (filesystems come every 30 s).
 */
export function frameForHub(frame: string, accepts: ReadonlySet<string>): string {
  const missing = ADDITIVE_SAMPLE_FIELDS.filter((name) => !accepts.has(name));
  if (missing.length === 0) return frame;
  const fields = missing.map((name) => name.split('.') as [string, string]);
  if (!fields.some(([group]) => frame.includes(`"${group}":`))) return frame;
  const message = JSON.parse(frame) as { sample: Record<string, unknown> };
  for (const [group, field] of fields) {
    // A group is a list of entries (`fs`) or one object (`mem`).
    const value = message.sample[group];
    const entries = (Array.isArray(value) ? value : value ? [value] : []) as Record<string, unknown>[];
    for (const entry of entries) delete entry[field];
  }
  return JSON.stringify(message);
}
