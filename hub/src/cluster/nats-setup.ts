import { connect, credsAuthenticator, nanos, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { BUS_ALERTS_BUCKET, BUS_HOSTS_BUCKET, BUS_LEASE_BUCKET, BUS_NAMES_BUCKET, BUS_SENDER_BUCKET, BUS_SILENCES_BUCKET, BUS_STORED_KINDS, BUS_STREAM, BUS_TRANSITIONS_BUCKET, busSubject } from '@hostpulse/protocol';
import type { BusConfig } from './bus-config.js';
import { LEASE_TTL_MS } from './host-leases.js';
import { SENDER_TTL_MS } from './sender-lease.js';

/** Alert state changes stay in their bucket this long: as long as a delivery is tried. */
const TRANSITIONS_TTL_MS = 24 * 3_600_000;

/** JetStream drops a message whose id it stored within this window: a publish sent again after a lost answer. */
const DUPLICATE_WINDOW_MS = 120_000;

/**
 * Connects to NATS and keeps trying for ever: the first attempt waits for a server
 * (a hub starts and serves its own agents while NATS is down), and a lost link is
 * retried every second. Credentials go to the client only.
 */
export function connectNats(config: BusConfig, name: string): Promise<NatsConnection> {
  const options: NodeConnectionOptions = {
    servers: [...config.servers],
    name,
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    reconnectJitter: 200,
    // Otherwise every publish makes two Error objects up front for their stack traces: about 5% of a hub's CPU.
    noAsyncTraces: true,
  };
  if (config.user !== undefined) Object.assign(options, { user: config.user, pass: config.pass });
  if (config.token !== undefined) options.token = config.token;
  if (config.creds !== undefined) options.authenticator = credsAuthenticator(new TextEncoder().encode(config.creds));
  return connect(options);
}

/** What the stream looks like now: when it was made (a new one restarts its sequence) and its last sequence. */
export interface StreamState {
  created: string;
  lastSeq: number;
}

/**
 * Makes the stream (samples, hellos and status changes for `maxAgeMs`) unless it
 * exists; one that exists with another age takes this hub's, so the newest setting wins.
 */
export async function ensureStream(nc: NatsConnection, maxAgeMs: number): Promise<StreamState & { changedAgeFromMs?: number }> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: BUS_STREAM,
    subjects: BUS_STORED_KINDS.map((kind) => busSubject(kind, '>')),
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos(maxAgeMs),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
  try {
    const info = await jsm.streams.info(BUS_STREAM);
    const ageMs = Math.round(info.config.max_age / 1e6);
    if (ageMs === maxAgeMs) return { created: info.created, lastSeq: info.state.last_seq };
    const updated = await jsm.streams.update(BUS_STREAM, { max_age: nanos(maxAgeMs) });
    return { created: updated.created, lastSeq: updated.state.last_seq, changedAgeFromMs: ageMs };
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw err;
    const info = await jsm.streams.add(config);
    return { created: info.created, lastSeq: info.state.last_seq };
  }
}

/**
 * The lease bucket (keys lapse after LEASE_TTL_MS), the hosts bucket (every host's
 * newest hello), the names bucket, the silences bucket, the alerts bucket, the sender
 * bucket (its key lapses after SENDER_TTL_MS) and the alert state changes bucket.
 */
export async function openBuckets(nc: NatsConnection): Promise<{ leases: KV; hosts: KV; names: KV; silences: KV; alerts: KV; sender: KV; transitions: KV }> {
  const kvm = new Kvm(nc);
  const leases = await kvm.create(BUS_LEASE_BUCKET, { ttl: LEASE_TTL_MS, history: 1 });
  const hosts = await kvm.create(BUS_HOSTS_BUCKET, { history: 1 });
  const names = await kvm.create(BUS_NAMES_BUCKET, { history: 1 });
  const silences = await kvm.create(BUS_SILENCES_BUCKET, { history: 1 });
  const alerts = await kvm.create(BUS_ALERTS_BUCKET, { history: 1 });
  const sender = await kvm.create(BUS_SENDER_BUCKET, { ttl: SENDER_TTL_MS, history: 1 });
  const transitions = await kvm.create(BUS_TRANSITIONS_BUCKET, { ttl: TRANSITIONS_TTL_MS, history: 1 });
  return { leases, hosts, names, silences, alerts, sender, transitions };
}
