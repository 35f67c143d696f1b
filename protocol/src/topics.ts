import { HOST_ID_PATTERN } from './constants.js';

/** Topic with one coalesced frame per tick holding every changed host's summary. */
export const OVERVIEW_TOPIC = 'overview';

/** Topic with the hub's own load, once a second. */
export const STATS_TOPIC = 'stats';

/** Topic with alerts as they change state: pending, firing, resolved; and delivery attempts. */
export const ALERTS_TOPIC = 'alerts';

const HOST_PREFIX = 'host/';
const HOST_ID_RE = new RegExp(HOST_ID_PATTERN);

/** A topic a dashboard can subscribe to, parsed. */
export type Topic = { kind: 'overview' } | { kind: 'stats' } | { kind: 'alerts' } | { kind: 'host'; hostId: string };

/** True when `id` may be used as a host id (topics, URLs and Prometheus labels all accept it). */
export function isValidHostId(id: unknown): id is string {
  return typeof id === 'string' && HOST_ID_RE.test(id);
}

/** Topic with every sample of one host. */
export function hostTopic(hostId: string): string {
  return HOST_PREFIX + hostId;
}

/** Parses a topic name; null when it names no topic the hub serves. */
export function parseTopic(name: string): Topic | null {
  if (name === OVERVIEW_TOPIC) return { kind: 'overview' };
  if (name === STATS_TOPIC) return { kind: 'stats' };
  if (name === ALERTS_TOPIC) return { kind: 'alerts' };
  if (!name.startsWith(HOST_PREFIX)) return null;
  const hostId = name.slice(HOST_PREFIX.length);
  return isValidHostId(hostId) ? { kind: 'host', hostId } : null;
}
