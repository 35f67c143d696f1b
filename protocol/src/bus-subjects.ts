/** Prefix of every subject hubs use on NATS; the version changes when a bus message does. */
export const BUS_PREFIX = 'hostpulse.v1';

/** The kinds of bus message, each on subjects `hostpulse.v1.<kind>.<id>`. */
export type BusKind = 'sample' | 'hello' | 'status' | 'hub';

/** Kinds the JetStream stream keeps for catch-up; heartbeats (`hub`) are never stored. */
export const BUS_STORED_KINDS = ['sample', 'hello', 'status'] as const;

/** How often each hub says on the bus that it is alive. */
export const BUS_HEARTBEAT_MS = 1000;

/** A hub whose heartbeats stop for this long is taken for gone: its hosts may move at once. */
export const BUS_PEER_GONE_MS = 3000;

/** JetStream stream holding samples, hellos and status changes for a bounded age. */
export const BUS_STREAM = 'HOSTPULSE_V1';

/** JetStream key-value bucket of host leases: which hub holds each host's agent. */
export const BUS_LEASE_BUCKET = 'hostpulse-v1-leases';

/**
 * JetStream key-value bucket of every host's newest hello, so a starting hub knows hosts
 * whose hello left the stream. A deleted key is a forgotten host: every hub forgets it.
 */
export const BUS_HOSTS_BUCKET = 'hostpulse-v1-hosts';

/** JetStream key-value bucket of the display names admins gave hosts, by host id. */
export const BUS_NAMES_BUCKET = 'hostpulse-v1-names';

/** JetStream key-value bucket of the alert silences, by silence id; a deleted key is a silence expired. */
export const BUS_SILENCES_BUCKET = 'hostpulse-v1-silences';

/** JetStream key-value bucket of the alerts document (rules and notifiers) under one key; the highest revision wins. */
export const BUS_ALERTS_BUCKET = 'hostpulse-v1-alerts';
/** JetStream key-value bucket holding the sender lease: the one hub of a cluster that sends alert notifications. */
export const BUS_SENDER_BUCKET = 'hostpulse-v1-sender';

/** JetStream key-value bucket of alert state changes to notify, by delivery key, each marked once the sending hub took it. */
export const BUS_TRANSITIONS_BUCKET = 'hostpulse-v1-transitions';

/**
 * Subject of one bus message. A host id may hold dots, so it may span several
 * subject tokens; subscribers use `>` and read the id from the message, and the
 * hub checks that the two agree.
 */
export function busSubject(kind: BusKind, id: string): string {
  return `${BUS_PREFIX}.${kind}.${id}`;
}

/** The kind and id a bus subject names, or null for a subject outside hostpulse.v1. */
export function parseBusSubject(subject: string): { kind: BusKind; id: string } | null {
  const match = /^hostpulse\.v1\.(sample|hello|status|hub)\.(.+)$/.exec(subject);
  return match ? { kind: match[1] as BusKind, id: match[2]! } : null;
}
