import { OFFLINE_AFTER_MISSED_INTERVALS } from '@hostpulse/protocol';
import type { AgentHello, HostSample, HostStatus, Sample } from '@hostpulse/protocol';
import { CPU_RECENT_COUNT, cpuUsedPct, lastSeqOf, type HostRecord } from './host-record.js';
import { RingBuffer } from './ring-buffer.js';

/**
 * Most samples one host's ring holds, whatever --history and its interval say, so
 * an agent announcing a tiny interval cannot make the hub allocate without bound.
 */
export const MAX_RING_CAPACITY = 86_400;

/** What the registry tells the wiring about; each is called synchronously. */
export interface RegistryEvents {
  /** A sample was stored (live or replayed). */
  sampleStored(sample: HostSample): void;
  /** A host went offline or came back. */
  statusChanged(status: HostStatus): void;
  /** Anything on a host's overview line changed. */
  hostChanged(hostId: string): void;
  /** The host was forgotten: whatever else is kept per host goes with it. */
  hostForgotten(hostId: string): void;
}

/**
 * Outcome of an agent's hello. `replaced` is true when the host's agent still held
 * a connection the hub now gives up on (see HostRegistry.connect); the wiring
 * closes that older socket.
 */
export type ConnectResult = { ok: true; lastSeq: number; replaced: boolean } | { ok: false; fault: 'hostIdConflict' };

/** Outcome of one sample. */
export type AddResult = 'stored' | 'duplicate' | 'unknownHost';

/** Options of a registry; `nowMs` is injectable so tests control time. */
export interface RegistryOptions {
  historyMs: number;
  events: RegistryEvents;
  nowMs?: () => number;
}

/** Ring capacity covering `historyMs` at one sample per `intervalMs`. */
export function ringCapacity(historyMs: number, intervalMs: number): number {
  return Math.min(MAX_RING_CAPACITY, Math.max(1, Math.ceil(historyMs / intervalMs)));
}

/**
 * Every host the hub has heard of: its runs, its sample history and whether it is
 * online. Plain state with no sockets; the wiring feeds it and listens to `events`.
 */
export class HostRegistry {
  readonly #hosts = new Map<string, HostRecord>();
  readonly #historyMs: number;
  readonly #events: RegistryEvents;
  readonly #nowMs: () => number;
  /** Samples stored since start, for the samples/s rate. */
  samplesTotal = 0;

  constructor({ historyMs, events, nowMs = Date.now }: RegistryOptions) {
    this.#historyMs = historyMs;
    this.#events = events;
    this.#nowMs = nowMs;
  }

  /** The host with this id, if known. */
  get(hostId: string): HostRecord | undefined {
    return this.#hosts.get(hostId);
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
      host = {
        hostId: hello.hostId,
        inventory: hello.inventory,
        intervalMs: hello.intervalMs,
        firstSeenMs: now,
        lastSeenMs: now,
        runId: hello.runId,
        online: true,
        connected: true,
        fs: [],
        temps: [],
        samples: new RingBuffer(ringCapacity(this.#historyMs, hello.intervalMs)),
        cpuPctRecent: new RingBuffer(CPU_RECENT_COUNT),
      };
      this.#hosts.set(host.hostId, host);
    } else {
      if (host.intervalMs !== hello.intervalMs) this.#resize(host, hello.intervalMs);
      host.inventory = hello.inventory;
      host.runId = hello.runId;
      host.connected = true;
      this.#markSeen(host, now);
    }
    this.#events.hostChanged(host.hostId);
    return { ok: true, lastSeq: lastSeqOf(host, hello.runId), replaced };
  }

  /** Forgets a host and its history; false when it was not known. Every other per-host state is dropped through `hostForgotten`. */
  forget(hostId: string): boolean {
    if (!this.#hosts.delete(hostId)) return false;
    this.#events.hostForgotten(hostId);
    return true;
  }

  /** The host's agent closed its socket; the host turns offline only once its intervals pass. */
  disconnect(hostId: string): void {
    const host = this.#hosts.get(hostId);
    if (host) host.connected = false;
  }

  /**
   * Stores one sample of the host's current run, in seq order. A seq the run
   * already holds is dropped, so a replay after a reconnect never stores twice.
   */
  addSample(sample: Sample): AddResult {
    const host = this.#hosts.get(sample.hostId);
    if (!host || host.runId !== sample.runId) return 'unknownHost';
    const now = this.#nowMs();
    const stored: HostSample = { ...sample, hubRxMs: now };
    const ring = host.samples;
    const last = ring.last();
    if (!last || last.runId !== sample.runId || last.seq < sample.seq) {
      ring.push(stored);
      host.cpuPctRecent.push(cpuUsedPct(stored));
    } else {
      const index = this.#insertionIndex(host, sample.seq);
      if (index === -1) return 'duplicate';
      ring.insert(index, stored);
    }
    if (sample.fs) host.fs = sample.fs;
    if (sample.temps) host.temps = sample.temps;
    this.samplesTotal++;
    this.#markSeen(host, now);
    this.#events.sampleStored(stored);
    this.#events.hostChanged(host.hostId);
    return 'stored';
  }

  /** Turns hosts offline once OFFLINE_AFTER_MISSED_INTERVALS of their intervals passed unheard. */
  checkOffline(): void {
    const now = this.#nowMs();
    for (const host of this.#hosts.values()) {
      // Half an interval of grace, so a sample that is merely late does not flap the host.
      const limitMs = (OFFLINE_AFTER_MISSED_INTERVALS + 0.5) * host.intervalMs;
      if (host.online && now - host.lastSeenMs > limitMs) this.#setOnline(host, false);
    }
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

  #markSeen(host: HostRecord, now: number): void {
    host.lastSeenMs = now;
    if (!host.online) this.#setOnline(host, true);
  }

  #setOnline(host: HostRecord, online: boolean): void {
    host.online = online;
    this.#events.statusChanged({ type: 'host-status', hostId: host.hostId, online, runId: host.runId, lastSeenMs: host.lastSeenMs });
    this.#events.hostChanged(host.hostId);
  }

  /** Where `seq` goes within the current run's samples (the ring's tail), or -1 when held. */
  #insertionIndex(host: HostRecord, seq: number): number {
    const ring = host.samples;
    let lo = ring.size;
    while (lo > 0 && ring.at(lo - 1)!.runId === host.runId) lo--;
    let hi = ring.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midSeq = ring.at(mid)!.seq;
      if (midSeq === seq) return -1;
      if (midSeq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #resize(host: HostRecord, intervalMs: number): void {
    const ring = new RingBuffer<HostSample>(ringCapacity(this.#historyMs, intervalMs));
    for (const sample of host.samples.toArray()) ring.push(sample);
    host.samples = ring;
    host.intervalMs = intervalMs;
  }
}
