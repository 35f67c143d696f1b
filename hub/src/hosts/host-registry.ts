import { OFFLINE_AFTER_MISSED_INTERVALS } from '@hostpulse/protocol';
import type { AgentHello, HostSample, HostStatus, Sample } from '@hostpulse/protocol';
import { CPU_RECENT_COUNT, cpuUsedPct, savedHostJson, type HostRecord, type SavedHost } from './host-record.js';
import { RingBuffer } from './ring-buffer.js';
import { DEFAULT_CLOCK_LIMITS, judgedTsMs, type ClockLimits } from './sample-clock.js';
import { DataDirError } from '../store/database.js';
import type { HistoryStore } from '../store/history-store.js';

/** What the registry tells the wiring about; each is called synchronously. */
export interface RegistryEvents {
  /** A sample was stored (live or replayed); `local` when one of this hub's agents sent it, not the bus. */
  sampleStored(sample: HostSample, local: boolean): void;
  /** A host went offline or came back. */
  statusChanged(status: HostStatus): void;
  /** Anything on a host's overview line changed. */
  hostChanged(hostId: string): void;
  /** A host was forgotten (deleted, or offline longer than any data is kept). */
  hostRemoved(hostId: string): void;
  /** A sample dated `agentTsMs`, too far from the hub's clock, was kept at its receive time instead. */
  sampleRetimed?(hostId: string, agentTsMs: number, hubRxMs: number): void;
}

/**
 * Outcome of an agent's hello. `replaced` is true when the host's agent still held
 * a connection the hub now gives up on (see HostRegistry.connect); the wiring
 * closes that older socket.
 */
export type ConnectResult = { ok: true; lastSeq: number; replaced: boolean } | { ok: false; fault: 'hostIdConflict' };

/** Outcome of one sample. */
export type AddResult = 'stored' | 'duplicate' | 'unknownHost';

/** Outcome of deleting a host. */
export type RemoveResult = 'removed' | 'unknown' | 'online';

/** Options of a registry; `nowMs` is injectable so tests control time. */
export interface RegistryOptions {
  store: HistoryStore;
  events: RegistryEvents;
  /** How far a sample's time may lie from the hub's clock; see sample-clock.ts. */
  clock?: ClockLimits;
  /** --forget-offline-after: forget a host offline this long; without it, once offline longer than any data is kept. */
  forgetOfflineAfterMs?: number | undefined;
  /** Whether this hub decides for the host when to forget it (in a cluster, one hub per host does); every host when absent. */
  decidesFor?: (hostId: string) => boolean;
  nowMs?: () => number;
}

/**
 * Every host the hub has heard of: its runs, its state and whether it is online;
 * its samples live in the history store. Plain state with no sockets; the wiring
 * feeds it and listens to `events`.
 */
export class HostRegistry {
  readonly #hosts = new Map<string, HostRecord>();
  readonly #store: HistoryStore;
  readonly #events: RegistryEvents;
  readonly #clock: ClockLimits;
  readonly #decidesFor: (hostId: string) => boolean;
  readonly #nowMs: () => number;
  /** --forget-offline-after, when given. */
  readonly forgetOfflineAfterMs: number | undefined;
  /** Samples stored since start, for the samples/s rate. */
  samplesTotal = 0;

  constructor({ store, events, clock = DEFAULT_CLOCK_LIMITS, forgetOfflineAfterMs, decidesFor = () => true, nowMs = Date.now }: RegistryOptions) {
    this.#store = store;
    this.#events = events;
    this.#clock = clock;
    this.forgetOfflineAfterMs = forgetOfflineAfterMs;
    this.#decidesFor = decidesFor;
    this.#nowMs = nowMs;
  }

  /** Takes back the hosts the store holds from before a restart, all offline until their agents return. */
  restore(): void {
    for (const { hostId, info, history } of this.#store.restore()) {
      let saved: SavedHost;
      try {
        saved = JSON.parse(info) as SavedHost;
      } catch (err) {
        throw new DataDirError(`${this.#store.dataDir}: the saved record of host ${hostId} is not valid JSON; the hub will not change it: move the data dir aside`, { cause: err });
      }
      const recent = history.samplesAfter(saved.runId, 0, CPU_RECENT_COUNT);
      const latest = recent[recent.length - 1];
      const cpuPctRecent = new RingBuffer<number>(CPU_RECENT_COUNT);
      for (const sample of recent) cpuPctRecent.push(cpuUsedPct(sample));
      this.#hosts.set(hostId, {
        hostId,
        ...saved,
        lastSeenMs: Math.max(saved.lastSeenMs, latest?.hubRxMs ?? 0),
        online: false,
        connected: false,
        history,
        latest,
        cpuPctRecent,
      });
    }
  }

  /** The host with this id, if known. */
  get(hostId: string): HostRecord | undefined {
    return this.#hosts.get(hostId);
  }

  /** How many hosts the registry holds. */
  get size(): number {
    return this.#hosts.size;
  }

  /** Every known host, in the order first seen. */
  all(): HostRecord[] {
    return [...this.#hosts.values()];
  }

  /**
   * An agent said hello. A second agent (another run id) for a host whose agent is
   * connected and online is refused: the first keeps streaming. The same run id
   * is the same agent process, which holds one connection at a time, so its older
   * connection is dead (a path that stalled without a close): the new one replaces
   * it at once instead of waiting for the idle timeout. So does any agent once the
   * host went offline, since its connected agent has stopped sending. A new run id
   * starts a new run; the old run's samples stay in the history.
   */
  connect(hello: AgentHello): ConnectResult {
    const now = this.#nowMs();
    let host = this.#hosts.get(hello.hostId);
    const replaced = host?.connected === true;
    if (host?.connected && host.online && host.runId !== hello.runId) return { ok: false, fault: 'hostIdConflict' };
    if (!host) {
      host = this.#newHost(hello, now, true);
      this.#hosts.set(host.hostId, host);
    } else {
      host.inventory = hello.inventory;
      host.intervalMs = hello.intervalMs;
      host.runId = hello.runId;
      host.connected = true;
      host.lastSeenMs = now;
    }
    if (host.online) {
      this.#store.saveHost(host.hostId, savedHostJson(host));
      this.#events.hostChanged(host.hostId);
    } else {
      // Saves the host and tells of its change once, with its status.
      this.#setOnline(host, true);
    }
    return { ok: true, lastSeq: host.history.lastSeqOf(hello.runId), replaced };
  }

  /** The host's agent closed its socket; the host turns offline only once its intervals pass. */
  disconnect(hostId: string): void {
    const host = this.#hosts.get(hostId);
    if (host) host.connected = false;
  }

  /**
   * Stores one sample of the host's current run. A seq the run already holds is
   * dropped, so a replay after a reconnect never stores twice.
   */
  addSample(sample: Sample): AddResult {
    const host = this.#hosts.get(sample.hostId);
    if (!host || host.runId !== sample.runId) return 'unknownHost';
    return this.#keepSample(host, { ...sample, hubRxMs: this.#nowMs() }, true);
  }

  /**
   * A hello another hub accepted, from the bus: the host as that hub's agent described
   * it at `hubRxMs`. A replica is never `connected` (no agent socket here); it is online
   * while its samples keep coming. A host whose agent is connected here keeps its own run.
   */
  replicaHello(hello: AgentHello, hubRxMs: number): void {
    let host = this.#hosts.get(hello.hostId);
    if (host?.connected) return;
    if (!host) {
      host = this.#newHost(hello, hubRxMs, false);
      this.#hosts.set(host.hostId, host);
    } else {
      host.inventory = hello.inventory;
      host.intervalMs = hello.intervalMs;
      host.runId = hello.runId;
    }
    this.#seenAt(host, hubRxMs);
    this.#store.saveHost(host.hostId, savedHostJson(host));
    this.#events.hostChanged(host.hostId);
  }

  /**
   * A sample another hub stored, from the bus, with that hub's hubRxMs. Any run of a
   * known host is kept (a back-fill brings older runs too); a (run, seq) already held
   * is a duplicate, so replaying the bus stores nothing twice.
   */
  replicaSample(sample: HostSample): AddResult {
    const host = this.#hosts.get(sample.hostId);
    if (!host) return 'unknownHost';
    return this.#keepSample(host, sample, false);
  }

  /** A status change from the hub holding the host's agent: an offline newer than what this hub saw turns the replica offline now. */
  replicaStatus(status: HostStatus): void {
    const host = this.#hosts.get(status.hostId);
    if (!host || host.connected || status.runId !== host.runId) return;
    if (status.online) this.#seenAt(host, status.lastSeenMs);
    else if (host.online && status.lastSeenMs >= host.lastSeenMs) this.#setOnline(host, false);
  }

  #keepSample(host: HostRecord, received: HostSample, local: boolean): AddResult {
    // Every time the hub keeps by (memory eviction, retention, alert hold times) is judged by its own clock.
    const tsMs = judgedTsMs(received.tsMs, received.hubRxMs, this.#clock);
    const stored = tsMs === received.tsMs ? received : { ...received, tsMs };
    const result = host.history.add(stored, (runId, seq) => this.#store.holdsOnDisk(host.hostId, runId, seq));
    if (result === 'duplicate') return 'duplicate';
    if (stored !== received) this.#events.sampleRetimed?.(host.hostId, received.tsMs, received.hubRxMs);
    if (stored.runId === host.runId) {
      const latest = host.latest;
      if (!latest || latest.runId !== stored.runId || latest.seq < stored.seq) {
        host.latest = stored;
        host.cpuPctRecent.push(cpuUsedPct(stored));
      }
      if (stored.fs) host.fs = stored.fs;
      if (stored.temps) host.temps = stored.temps;
      this.#seenAt(host, stored.hubRxMs);
    }
    this.samplesTotal++;
    this.#events.sampleStored(stored, local);
    this.#events.hostChanged(host.hostId);
    return 'stored';
  }

  /**
   * Turns hosts offline once OFFLINE_AFTER_MISSED_INTERVALS of their intervals passed
   * unheard, and forgets hosts offline for longer than --forget-offline-after or, without
   * it, than the store keeps any data.
   */
  checkOffline(): void {
    const now = this.#nowMs();
    const forgetAfterMs = Math.min(this.forgetOfflineAfterMs ?? Infinity, this.#store.longestKeepMs);
    for (const host of this.#hosts.values()) {
      if (host.online && now - host.lastSeenMs > this.#offlineLimitMs(host)) this.#setOnline(host, false);
      if (!host.online && !host.connected && now - host.lastSeenMs > forgetAfterMs && this.#decidesFor(host.hostId)) this.#forget(host.hostId);
    }
  }

  /** Gives a host a display name, or takes it away with undefined; false for an unknown host. */
  setDisplayName(hostId: string, displayName: string | undefined): boolean {
    const host = this.#hosts.get(hostId);
    if (!host) return false;
    if (host.displayName === displayName) return true;
    host.displayName = displayName;
    this.#store.saveHost(hostId, savedHostJson(host));
    this.#events.hostChanged(hostId);
    return true;
  }

  /**
   * Another hub forgot a host at `atMs`: forgets it here too, unless its agent is
   * connected here or it was heard from since (it came back after the forget). Whether
   * it still looks online here does not count: hubs see it go offline moments apart.
   */
  forgetReplica(hostId: string, atMs: number): void {
    const host = this.#hosts.get(hostId);
    if (host && !host.connected && host.lastSeenMs <= atMs) this.#forget(hostId);
  }

  /** Forgets a host and its history, unless it is online (its agent would bring it back at once). */
  remove(hostId: string): RemoveResult {
    const host = this.#hosts.get(hostId);
    if (!host) return 'unknown';
    if (host.online) return 'online';
    this.#forget(hostId);
    return 'removed';
  }

  /** Saves every host's record, so a restart knows when each was last seen. */
  saveAll(): void {
    for (const host of this.#hosts.values()) this.#store.saveHost(host.hostId, savedHostJson(host));
  }

  /** Hosts in total, online, and with a connected agent. */
  counts(): { total: number; online: number; connected: number } {
    let online = 0;
    let connected = 0;
    for (const host of this.#hosts.values()) {
      if (host.online) online++;
      if (host.connected) connected++;
    }
    return { total: this.#hosts.size, online, connected };
  }

  #forget(hostId: string): void {
    this.#hosts.delete(hostId);
    this.#store.deleteHost(hostId);
    this.#events.hostRemoved(hostId);
  }

  #newHost(hello: AgentHello, seenMs: number, connected: boolean): HostRecord {
    return {
      hostId: hello.hostId,
      inventory: hello.inventory,
      intervalMs: hello.intervalMs,
      firstSeenMs: seenMs,
      lastSeenMs: seenMs,
      runId: hello.runId,
      online: connected,
      connected,
      fs: [],
      temps: [],
      history: this.#store.history(hello.hostId),
      latest: undefined,
      cpuPctRecent: new RingBuffer(CPU_RECENT_COUNT),
    };
  }

  #offlineLimitMs(host: HostRecord): number {
    // Half an interval of grace, so a sample that is merely late does not flap the host.
    return (OFFLINE_AFTER_MISSED_INTERVALS + 0.5) * host.intervalMs;
  }

  /** Heard of at `ms` (a local time, or another hub's from the bus): online again unless that is already too long ago. */
  #seenAt(host: HostRecord, ms: number): void {
    if (ms < host.lastSeenMs) return;
    host.lastSeenMs = ms;
    if (!host.online && this.#nowMs() - ms <= this.#offlineLimitMs(host)) this.#setOnline(host, true);
  }

  #setOnline(host: HostRecord, online: boolean): void {
    host.online = online;
    this.#store.saveHost(host.hostId, savedHostJson(host));
    this.#events.statusChanged({ type: 'host-status', hostId: host.hostId, online, runId: host.runId, lastSeenMs: host.lastSeenMs });
    this.#events.hostChanged(host.hostId);
  }
}
