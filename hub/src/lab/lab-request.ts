import { LAB_DEFAULT_INTERVAL_MS, OVERVIEW_TOPIC, parseTopic } from '@hostpulse/protocol';
import type { LabSettings } from '@hostpulse/protocol';
import { parseRequest } from '@hostpulse/protocol/validate';

/** A lab request as parsed: the settings asked for and the lab it changes, or what is wrong and in which field. */
export type LabRequestParse = { ok: true; settings: LabSettings; labId: string | undefined } | { ok: false; field: string; message: string };

/**
 * Parses the body of POST /api/lab against protocol's LabRequest schema, then the
 * topic: `overview` or `host/<id>` of a host the hub knows (`hasHost`). Every
 * refusal names its field.
 */
export function parseLabRequest(text: string, hasHost: (hostId: string) => boolean): LabRequestParse {
  const parsed = parseRequest('LabRequest', text);
  if (!parsed.ok) return parsed;
  const { viewers, mode, intervalMs = LAB_DEFAULT_INTERVAL_MS, topic = OVERVIEW_TOPIC, labId } = parsed.value;
  const fail = (message: string): LabRequestParse => ({ ok: false, field: 'topic', message: `topic: ${message}` });
  const watched = parseTopic(topic);
  if (watched === null || watched.kind === 'stats') return fail(`must be "overview" or "host/<id>", got ${JSON.stringify(topic)}`);
  if (watched.kind === 'host' && !hasHost(watched.hostId)) return fail(`no host with id "${watched.hostId}"`);
  return { ok: true, settings: { viewers, mode, intervalMs, topic }, labId };
}
