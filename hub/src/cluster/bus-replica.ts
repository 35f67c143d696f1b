import { BUS_PEER_GONE_MS, parseBusSubject, type AgentHello, type BusHeartbeat, type BusMessage, type BusPeer } from '@hostpulse/protocol';
import { parseBusMessage } from '@hostpulse/protocol/validate';
import type { HostRegistry } from '../hosts/host-registry.js';

/** Peers stay listed in the figures this long after their last heartbeat. */
const PEER_LISTED_MS = 60_000;

/** What became of one bus message. */
export type ReplicaOutcome = 'stored' | 'duplicate' | 'applied' | 'stale' | 'unknownHost' | 'tooManyHosts' | { invalid: string };

/**
 * This hub's replica of every other hub's hosts: bus messages in, after the same
 * checks agents' frames get (the bus is not trusted blindly), into the registry.
 * It also knows which hub holds each host's agent and which hubs are alive.
 */
export class BusReplica {
  readonly #registry: HostRegistry;
  readonly #hubId: string;
  readonly #maxHosts: number;
  readonly #nowMs: () => number;
  /** Hub holding each host's agent, as the newest hello says. */
  readonly #owners = new Map<string, string>();
  /** Receive time of the newest hello applied per host, so an older one from a back-fill is ignored. */
  readonly #helloMs = new Map<string, number>();
  readonly #peers = new Map<string, BusPeer>();

  constructor(registry: HostRegistry, hubId: string, maxHosts: number, nowMs: () => number = Date.now) {
    this.#registry = registry;
    this.#hubId = hubId;
    this.#maxHosts = maxHosts;
    this.#nowMs = nowMs;
  }

  /** Parses, checks and applies one message read from `subject`. */
  apply(subject: string, text: string): ReplicaOutcome {
    const parsed = parseBusMessage(text);
    if (!parsed.ok) return { invalid: `${parsed.fault}: ${parsed.detail}` };
    const msg = parsed.message;
    const mismatch = subjectMismatch(subject, msg);
    if (mismatch !== null) return { invalid: mismatch };
    switch (msg.type) {
      case 'sample':
        return this.#registry.replicaSample(msg.sample);
      case 'hello':
        // A host new to this hub counts against --max-hosts as an agent's would.
        if (this.#registry.get(msg.hello.hostId) === undefined && this.#registry.counts().total >= this.#maxHosts) return 'tooManyHosts';
        return this.hello(msg.hello, msg.hubId, msg.hubRxMs) ? 'applied' : 'stale';
      case 'host-status':
        if (this.#owners.get(msg.status.hostId) !== msg.hubId) return 'stale';
        this.#registry.replicaStatus(msg.status);
        return 'applied';
      case 'hub':
        this.#seePeer(msg);
        return 'applied';
      default: {
        const unreachable: never = msg;
        return unreachable;
      }
    }
  }

  /** A hello accepted by hub `hubId` (this one included) at `hubRxMs`; false when a newer one was applied already. */
  hello(hello: AgentHello, hubId: string, hubRxMs: number): boolean {
    if (hubRxMs < (this.#helloMs.get(hello.hostId) ?? 0)) return false;
    this.#helloMs.set(hello.hostId, hubRxMs);
    this.#owners.set(hello.hostId, hubId);
    if (hubId !== this.#hubId) this.#registry.replicaHello(hello, hubRxMs);
    return true;
  }

  /** The host was forgotten at `atMs`: a hello from before then (a back-fill from the stream) no longer brings it back. */
  forgotten(hostId: string, atMs: number): void {
    this.#helloMs.set(hostId, Math.max(atMs, this.#helloMs.get(hostId) ?? 0));
    this.#owners.delete(hostId);
  }

  /** The hub holding this host's agent, as far as this hub knows. */
  ownerOf(hostId: string): string | undefined {
    return this.#owners.get(hostId);
  }

  /**
   * Whether this hub delivers the host's alerts: the hub holding its agent does; when
   * that hub is gone (its heartbeats stopped) or unknown, the live hub with the lowest
   * id does, so a host whose hub died still has its host.offline alert delivered, once.
   */
  delivers(hostId: string): boolean {
    const owner = this.#owners.get(hostId);
    if (owner === this.#hubId) return true;
    if (owner !== undefined && this.isAlive(owner)) return false;
    for (const id of this.#peers.keys()) if (id < this.#hubId && this.isAlive(id)) return false;
    return true;
  }

  /** Whether hub `hubId` sent a heartbeat lately; false also for a hub never heard. */
  isAlive(hubId: string): boolean {
    const peer = this.#peers.get(hubId);
    return peer !== undefined && this.#nowMs() - peer.lastSeenMs <= BUS_PEER_GONE_MS;
  }

  /** Whether this hub ever heard hub `hubId`. */
  knows(hubId: string): boolean {
    return this.#peers.has(hubId);
  }

  /** Name of a peer (host:port), or its id when never heard. */
  nameOf(hubId: string): string {
    return this.#peers.get(hubId)?.name ?? hubId;
  }

  /** Peers heard in the last minute, by name. */
  peers(): BusPeer[] {
    const now = this.#nowMs();
    for (const [id, peer] of this.#peers) if (now - peer.lastSeenMs > PEER_LISTED_MS) this.#peers.delete(id);
    return [...this.#peers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  #seePeer(msg: BusHeartbeat): void {
    if (msg.hubId === this.#hubId) return;
    this.#peers.set(msg.hubId, { hubId: msg.hubId, name: msg.name, agents: msg.agents, lastSeenMs: this.#nowMs() });
  }
}

/** Why a message does not belong on its subject, or null when it does. */
function subjectMismatch(subject: string, msg: BusMessage): string | null {
  const named = parseBusSubject(subject);
  const expected =
    msg.type === 'sample' ? ['sample', msg.sample.hostId] : msg.type === 'hello' ? ['hello', msg.hello.hostId] : msg.type === 'host-status' ? ['status', msg.status.hostId] : ['hub', msg.hubId];
  if (named === null || named.kind !== expected[0] || named.id !== expected[1]) return `a ${msg.type} message for ${expected[1]} on subject ${subject}`;
  return null;
}
