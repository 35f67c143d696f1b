import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { BUS_HEARTBEAT_MS, BUS_PEER_GONE_MS, busSubject, parseBusSubject } from '@hostpulse/protocol';
import type { AgentHello, Alert, BusHeartbeat, BusHello, BusSample, BusStats, BusStatus, HostSample, HostStatus } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import type { BusParts, HubBus } from '../core/hub-core.js';
import type { StateStore } from '../store/state-store.js';
import type { AlertsDocument } from '../alerts/alerts-document.js';
import { RateMeter } from '../telemetry/load-accounting.js';
import type { BusConfig } from './bus-config.js';
import { BusOutbox, type OutboxItem } from './bus-outbox.js';
import { HostAdminSync } from './host-admin-sync.js';
import { BusReplica } from './bus-replica.js';
import { SilenceSync } from './silence-sync.js';
import { AlertsSync } from './alerts-sync.js';
import { HostLeases } from './host-leases.js';
import { AlertHandover } from './alert-handover.js';
import { SenderLease } from './sender-lease.js';
import { connectNats, ensureStream, openBuckets } from './nats-setup.js';
import { StreamReader } from './stream-reader.js';

/** Header naming the hub that published a message, so a hub skips its own echoes unread. */
const HUB_HEADER = 'Hostpulse-Hub';
/** While NATS stays away, a bus fault is counted this often (and logged at most once a minute). */
const DOWN_FAULT_EVERY_MS = 10_000;
/** Most bytes waiting for NATS: past it the oldest go, and other hubs will miss them. */
const OUTBOX_MAX_BYTES = 256 * 1024 * 1024;

/** A publish tried while NATS is away; it waits in the outbox. */
class NotConnectedError extends Error {
  constructor() {
    super('NATS is not connected');
  }
}

/** What the bus needs from the hub. */
export interface HubBusOptions extends BusParts {
  config: BusConfig;
  /** Where the bus keeps its read position in the stream. */
  state: StateStore;
  log: Logger;
  /** --max-hosts: hosts learnt from the bus count against it too. */
  maxHosts: number;
  /** The alerts document, the same on every hub. */
  alerts: AlertsDocument;
  /** Closes this hub's agent socket for `hostId` with 4409: another hub holds the host. */
  closeAgent: (hostId: string, reason: string) => void;
}

/**
 * The NATS bus that makes several hubs one. Every sample, hello and status change
 * of this hub's own agents goes to a JetStream stream (through an outbox that waits
 * out NATS outages); every hub reads the whole stream in order (an ordered consumer
 * that resumes where it stopped), so each holds every host. A key-value lease gives
 * each host one hub; heartbeats tell which hubs are alive. Another lease makes one
 * hub the sender of every alert notification, and the others hand it what they see.
 */
export class NatsHubBus implements HubBus {
  readonly hubId = randomBytes(6).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x');
  readonly #o: HubBusOptions;
  readonly #replica: BusReplica;
  readonly #leases: HostLeases;
  readonly #adminSync: HostAdminSync;
  readonly #silenceSync: SilenceSync;
  readonly #alertsSync: AlertsSync;
  readonly #sender: SenderLease;
  readonly #handover: AlertHandover;
  readonly #outbox: BusOutbox;
  readonly #header = headers();
  /** Hellos of this hub's agents, put again into the hosts bucket after NATS returns. */
  readonly #ownHellos = new Map<string, BusHello>();
  #name = '';
  #nc: NatsConnection | null = null;
  #js: JetStreamClient | null = null;
  #hosts: KV | null = null;
  #connected = false;
  #closed = false;
  #settingUp = false;
  #downSinceMs: number;
  /** When NATS was last reached; peers' heartbeats are judged only once they had time to arrive since. */
  #upSinceMs = 0;
  #lastDownFaultMs = 0;
  #heartbeat: NodeJS.Timeout | undefined;
  readonly #reader: StreamReader;
  #samplesStored = 0;
  #unknownHost = 0;
  readonly #inRate: RateMeter;
  readonly #outRate: RateMeter;

  constructor(options: HubBusOptions) {
    this.#o = options;
    const { registry, faults } = options;
    this.#downSinceMs = Date.now();
    this.#inRate = new RateMeter(this.#downSinceMs);
    this.#outRate = new RateMeter(this.#downSinceMs);
    this.#header.set(HUB_HEADER, this.hubId);
    this.#replica = new BusReplica(registry, this.hubId, options.maxHosts);
    this.#leases = new HostLeases({
      hubId: this.hubId,
      isAlive: (hubId) => this.#replica.isAlive(hubId),
      canJudge: (hubId) => this.#connected && this.#replica.knows(hubId),
      isOnline: (hostId) => registry.get(hostId)?.online === true,
      onLost: (hostId, holder) => options.closeAgent(hostId, `host id ${hostId} streams to hub ${this.#replica.nameOf(holder)} with another run`),
      onError: (err, hostId) => faults.record('bus', { op: 'lease', hostId, error: err.message }),
    });
    this.#adminSync = new HostAdminSync({
      hubId: this.hubId,
      registry,
      forgottenAt: (hostId, atMs) => this.#replica.forgotten(hostId, atMs),
      onError: (err, op, hostId) => faults.record('bus', { op, hostId, error: err.message }),
    });
    this.#silenceSync = new SilenceSync({
      silences: options.silences,
      onError: (err, op, id) => faults.record('bus', { op, silenceId: id, error: err.message }),
    });
    this.#alertsSync = new AlertsSync({
      document: options.alerts,
      onError: (err, op) => faults.record('bus', { op, error: err.message }),
    });
    this.#sender = new SenderLease({
      hubId: this.hubId,
      name: () => this.#name,
      onGained: () => {
        options.log.info('alert sender', { hubId: this.hubId, waiting: this.#handover.pending || undefined });
        this.#handover.takeOver();
      },
      // While NATS is away every renewal fails: the outage is counted once, as 'down'.
      onError: (err) => {
        if (this.#connected) faults.record('bus', { op: 'sender lease', error: err.message });
      },
    });
    this.#handover = new AlertHandover({
      hubId: this.hubId,
      store: options.state,
      sending: () => this.#sender.holds(),
      deliver: options.deliver,
      onError: (err, op, key) => faults.record('bus', { op, key, error: err.message }),
    });
    this.#outbox = new BusOutbox({
      publish: (item) => this.#publish(item),
      maxBytes: OUTBOX_MAX_BYTES,
      onDrop: (count) => faults.record('bus', { op: 'outbox', dropped: count, detail: 'NATS away too long: the oldest messages for other hubs were dropped' }),
      // While NATS is away the outage is counted once, not every retry.
      onFailure: (err) => {
        if (!(err instanceof NotConnectedError)) faults.record('bus', { op: 'publish', error: err.message });
      },
    });
    this.#reader = new StreamReader({
      store: options.state,
      maxAgeMs: options.config.maxAgeMs,
      isOwn: (m) => m.headers?.get(HUB_HEADER) === this.hubId,
      onMessage: (subject, text) => this.#onMessage(subject, text),
      onError: (err) => faults.record('bus', { op: 'read', error: err.message }),
    });
  }

  /** Connects in the background (retrying for ever) and starts reading the stream; `name` is this hub's host:port. */
  start(name: string): void {
    this.#name = name;
    const { log, config } = this.#o;
    log.info('bus connecting', { servers: config.servers.join(','), hubId: this.hubId, streamMaxAge: `${config.maxAgeMs}ms` });
    void connectNats(config, `hostpulse-hub ${name}`).then(
      (nc) => this.#connectedFirst(nc),
      (err: Error) => this.#o.faults.record('bus', { op: 'connect', error: err.message }),
    );
  }

  holderOf(hello: AgentHello): string | null {
    const holder = this.#leases.holderOf(hello.hostId, hello.runId);
    return holder === null ? null : this.#replica.nameOf(holder);
  }

  helloAccepted(hello: AgentHello, hubRxMs: number): void {
    this.#replica.hello(hello, this.hubId, hubRxMs);
    this.#leases.claim(hello.hostId, hello.runId);
    const msg: BusHello = { type: 'hello', hubId: this.hubId, hubRxMs, hello };
    this.#ownHellos.set(hello.hostId, msg);
    const data = JSON.stringify(msg);
    this.#outbox.add({ subject: busSubject('hello', hello.hostId), data, msgId: `hello/${hello.hostId}/${hello.runId}/${hubRxMs}` });
    if (this.#connected) this.#hosts?.put(hello.hostId, data).catch(() => undefined);
  }

  sampleAccepted(sample: HostSample): void {
    const msg: BusSample = { type: 'sample', hubId: this.hubId, sample };
    this.#outbox.add({ subject: busSubject('sample', sample.hostId), data: JSON.stringify(msg), msgId: `sample/${sample.hostId}/${sample.runId}/${sample.seq}` });
  }

  statusChanged(status: HostStatus): void {
    if (this.#replica.ownerOf(status.hostId) !== this.hubId) return;
    const msg: BusStatus = { type: 'host-status', hubId: this.hubId, status };
    this.#outbox.add({ subject: busSubject('status', status.hostId), data: JSON.stringify(msg), msgId: `status/${status.hostId}/${status.runId}/${status.lastSeenMs}/${status.online}` });
  }

  agentGone(hostId: string): void {
    this.#leases.release(hostId);
  }

  handOff(alert: Alert, notifiers: readonly string[] | undefined): void {
    this.#handover.offer(alert, notifiers);
  }

  sending(): boolean {
    return this.#sender.holds();
  }

  nameSet(hostId: string, displayName: string | undefined): void {
    this.#adminSync.nameSet(hostId, displayName);
  }

  hostForgotten(hostId: string): void {
    this.#ownHellos.delete(hostId);
    this.#adminSync.hostForgotten(hostId);
  }

  /**
   * A hub cut off from NATS, or back for less than the time a peer's heartbeat takes,
   * cannot tell a host gone from a host it cannot see: it delivers the alerts of its
   * own agents' hosts only, and leaves the others to the hubs that see them.
   */
  delivers(hostId: string): boolean {
    if (!this.#connected || Date.now() - this.#upSinceMs < BUS_PEER_GONE_MS) return this.#replica.ownerOf(hostId) === this.hubId;
    return this.#replica.delivers(hostId);
  }

  tick(): void {
    const now = Date.now();
    this.#inRate.update(this.#reader.read, now);
    this.#outRate.update(this.#outbox.published, now);
    if (!this.#connected && now - this.#downSinceMs >= DOWN_FAULT_EVERY_MS && now - this.#lastDownFaultMs >= DOWN_FAULT_EVERY_MS) {
      this.#lastDownFaultMs = now;
      this.#o.faults.record('bus', { op: 'down', servers: this.#o.config.servers.join(','), downSec: Math.round((now - this.#downSinceMs) / 1000), waiting: this.#outbox.size });
    }
    this.#reader.save();
  }

  stats(): BusStats {
    return {
      hubId: this.hubId,
      name: this.#name,
      servers: [...this.#o.config.servers],
      connected: this.#connected,
      sending: this.sending(),
      inPerSec: this.#inRate.perSec,
      outPerSec: this.#outRate.perSec,
      outboxMessages: this.#outbox.size,
      backfillLagMessages: this.#reader.pending,
      backfillLagMs: this.#reader.pending > 0 ? Math.max(0, Date.now() - this.#reader.lastReadTsMs) : 0,
      streamMaxAgeMs: this.#o.config.maxAgeMs,
      totals: { in: this.#reader.read, out: this.#outbox.published, samplesStored: this.#samplesStored, unknownHost: this.#unknownHost },
      peers: this.#replica.peers(),
    };
  }

  /** Gives the outbox up to `graceMs` to reach NATS, then closes the connection. */
  async close(graceMs = 2000): Promise<void> {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    const deadline = Date.now() + graceMs;
    while (this.#connected && this.#outbox.size > 0 && Date.now() < deadline) await sleep(20);
    this.#outbox.stop();
    this.#leases.stop();
    this.#sender.stop();
    this.#reader.stop();
    await this.#nc?.close().catch(() => undefined);
  }

  async #connectedFirst(nc: NatsConnection): Promise<void> {
    if (this.#closed) return void (await nc.close());
    this.#nc = nc;
    this.#js = jetstream(nc);
    void this.#watchStatus(nc);
    nc.subscribe(busSubject('hub', '>'), {
      callback: (err, msg) => {
        if (!err) this.#onMessage(msg.subject, msg.string());
      },
    });
    this.#heartbeat = setInterval(() => this.#sendHeartbeat(), BUS_HEARTBEAT_MS);
    await this.#up('connected');
    void this.#reader.run(nc);
  }

  /** NATS is reachable: the stream and buckets exist, hellos are known, leases mirrored, the outbox flows. */
  async #up(event: 'connected' | 'reconnected'): Promise<void> {
    // One setup at a time: a reconnect during a setup that keeps failing is picked up by its next try.
    if (this.#settingUp) return;
    this.#settingUp = true;
    const nc = this.#nc!;
    const { log, faults, config } = this.#o;
    // Right after NATS starts, JetStream may still be reading its store: try again each second.
    while (!this.#closed && !nc.isClosed()) {
      try {
        const stream = await ensureStream(nc, config.maxAgeMs);
        if (stream.changedAgeFromMs !== undefined) log.warn('bus stream age changed', { fromMs: stream.changedAgeFromMs, toMs: config.maxAgeMs });
        const buckets = await openBuckets(nc);
        if (this.#hosts === null) await this.#loadHosts(buckets.hosts);
        this.#hosts = buckets.hosts;
        for (const [hostId, hello] of this.#ownHellos) await buckets.hosts.put(hostId, JSON.stringify(hello));
        await this.#leases.attach(buckets.leases);
        await this.#adminSync.attach(buckets.names, buckets.hosts);
        await this.#silenceSync.attach(buckets.silences);
        await this.#alertsSync.attach(buckets.alerts);
        this.#sender.attach(buckets.sender);
        await this.#handover.attach(buckets.transitions);
        this.#connected = true;
        this.#upSinceMs = Date.now();
        this.#outbox.retryNow();
        if (event === 'reconnected') this.#reader.resume();
        log.info(event === 'connected' ? 'bus connected' : 'bus reconnected', {
          server: nc.getServer(),
          downSec: Math.round((Date.now() - this.#downSinceMs) / 1000),
          waiting: this.#outbox.size || undefined,
          streamLastSeq: stream.lastSeq,
        });
        break;
      } catch (err) {
        faults.record('bus', { op: 'setup', error: (err as Error).message });
        await sleep(1000);
      }
    }
    this.#settingUp = false;
  }

  async #watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      switch (status.type) {
        case 'disconnect':
          if (this.#connected) this.#downSinceMs = Date.now();
          this.#connected = false;
          this.#o.faults.record('bus', { op: 'disconnected', servers: this.#o.config.servers.join(',') });
          break;
        case 'reconnect':
          void this.#up('reconnected');
          break;
        case 'error':
          this.#o.faults.record('bus', { op: 'error', error: status.error.message });
          break;
        default:
          break;
      }
    }
  }

  /** Every host's newest hello, so hosts whose hello left the stream are known before their samples come. */
  async #loadHosts(kv: KV): Promise<void> {
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (entry?.operation === 'PUT') this.#onMessage(busSubject('hello', key), entry.string());
    }
  }

  #onMessage(subject: string, text: string): void {
    const outcome = this.#replica.apply(subject, text);
    const named = outcome === 'applied' ? parseBusSubject(subject) : null;
    if (named?.kind === 'hello') this.#adminSync.hostLearnt(named.id);
    if (outcome === 'stored') this.#samplesStored++;
    else if (outcome === 'unknownHost') this.#unknownHost++;
    else if (outcome === 'tooManyHosts') this.#o.faults.record('tooManyHosts', { subject, detail: `the hub holds its limit of ${this.#o.maxHosts} hosts (--max-hosts)` });
    else if (typeof outcome === 'object') this.#o.faults.record('busInvalid', { subject, detail: outcome.invalid });
  }

  #sendHeartbeat(): void {
    if (!this.#connected || !this.#nc) return;
    const msg: BusHeartbeat = { type: 'hub', hubId: this.hubId, name: this.#name, tsMs: Date.now(), agents: this.#o.registry.counts().connected };
    this.#nc.publish(busSubject('hub', this.hubId), JSON.stringify(msg));
  }

  #publish(item: OutboxItem): Promise<void> {
    if (!this.#connected || !this.#js) return Promise.reject(new NotConnectedError());
    return this.#js
      .publish(item.subject, item.data, { msgID: item.msgId, headers: this.#header, timeout: 5000 })
      .then(() => undefined);
  }
}
