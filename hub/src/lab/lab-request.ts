import { LAB_DEFAULT_INTERVAL_MS, LAB_MAX_INTERVAL_MS, LAB_MAX_VIEWERS, LAB_MIN_INTERVAL_MS, OVERVIEW_TOPIC, parseTopic } from '@hostpulse/protocol';
import type { LabSettings } from '@hostpulse/protocol';

/** A lab request as parsed: the settings asked for and the lab it changes, or what is wrong and in which field. */
export type LabRequestParse = { ok: true; settings: LabSettings; labId: string | undefined } | { ok: false; field: string; message: string };

const FIELDS = ['viewers', 'mode', 'intervalMs', 'topic', 'labId'];

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Parses the body of POST /api/lab. Every refusal names its field and says what
 * would be accepted; `hasHost` tells whether a `host/<id>` topic names a known host.
 */
export function parseLabRequest(text: string, hasHost: (hostId: string) => boolean): LabRequestParse {
  const fail = (field: string, message: string): LabRequestParse => ({ ok: false, field, message: `${field}: ${message}` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail('body', 'must be a JSON object such as {"viewers":200,"mode":"poll","intervalMs":250,"topic":"overview"}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('body', 'must be a JSON object');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) return fail(unknown, `is not a lab setting; the settings are ${FIELDS.join(', ')}`);
  const { viewers, mode, intervalMs = LAB_DEFAULT_INTERVAL_MS, topic = OVERVIEW_TOPIC, labId } = fields;
  if (!isWhole(viewers, 1, LAB_MAX_VIEWERS)) return fail('viewers', `must be a whole number from 1 to ${LAB_MAX_VIEWERS}, got ${JSON.stringify(viewers)}`);
  if (mode !== 'push' && mode !== 'poll') return fail('mode', `must be "push" or "poll", got ${JSON.stringify(mode)}`);
  if (!isWhole(intervalMs, LAB_MIN_INTERVAL_MS, LAB_MAX_INTERVAL_MS)) {
    return fail('intervalMs', `must be a whole number of milliseconds from ${LAB_MIN_INTERVAL_MS} to ${LAB_MAX_INTERVAL_MS}, got ${JSON.stringify(intervalMs)}`);
  }
  const parsed = typeof topic === 'string' ? parseTopic(topic) : null;
  if (parsed === null || parsed.kind === 'stats') return fail('topic', `must be "overview" or "host/<id>", got ${JSON.stringify(topic)}`);
  if (parsed.kind === 'host' && !hasHost(parsed.hostId)) return fail('topic', `no host with id "${parsed.hostId}"`);
  if (labId !== undefined && (typeof labId !== 'string' || labId === '' || labId.length > 64)) return fail('labId', `must be the id of the running lab, got ${JSON.stringify(labId)}`);
  return { ok: true, settings: { viewers, mode, intervalMs, topic: topic as string }, labId };
}
