import type { KV } from '@nats-io/kv';
import type { BusLease } from '@hostpulse/protocol';
import { parseBusLease } from '@hostpulse/protocol/validate';

/**
 * A lease lapses this long after its hub last renewed it: a hub that died without
 * releasing its hosts frees them by then. It is two of the agent's default ping
 * intervals (15 s): an agent notices a dead hub within one, and its new run is taken
 * within the next.
 */
export const LEASE_TTL_MS = 30_000;
/** How often a hub renews the leases of the hosts whose agents it holds. */
export const LEASE_RENEW_MS = 10_000;

/** What the leases need to know about the rest of the cluster. */
export interface LeaseOptions {
  hubId: string;
  /** Whether a hub's heartbeats still arrive (false for one never heard). */
  isAlive: (hubId: string) => boolean;
  /** Whether this hub heard the hub at all, and the bus is up (so silence means it is gone). */
  canJudge: (hubId: string) => boolean;
  /** Whether the host still looks online here (its samples keep coming over the bus). */
  isOnline: (hostId: string) => boolean;
  /** Another hub holds the host for another run: this hub's agent for it must go (4409). */
  onLost: (hostId: string, holderHubId: string) => void;
  onError: (err: Error, hostId: string) => void;
  nowMs?: () => number;
}

/**
 * One owner per host across hubs, through a JetStream key-value bucket whose keys
 * lapse after LEASE_TTL_MS. A hello is checked at once against this hub's copy of
 * the bucket (kept by a watch), so the agent path stays synchronous; the claim is
 * then written with compare-and-set, and a hub that loses the race closes its agent
 * with 4409. The first run keeps the host, as on one hub.
 */
export class HostLeases {
  readonly #o: Required<LeaseOptions>;
  /** The bucket as the watch last saw it: each host's lease and its revision. */
  readonly #cache = new Map<string, { lease: BusLease; revision: number }>();
  /** Hosts whose agent is connected here, with its run. */
  readonly #own = new Map<string, string>();
  #kv: KV | null = null;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: LeaseOptions) {
    this.#o = { nowMs: Date.now, ...options };
  }

  /** Starts mirroring the bucket and renewing this hub's leases; claims what this hub holds already. */
  async attach(kv: KV): Promise<void> {
    this.#kv = kv;
    const watch = await kv.watch();
    void (async () => {
      for await (const entry of watch) {
        if (entry.operation !== 'PUT') {
          this.#cache.delete(entry.key);
          continue;
        }
        const lease = parseBusLease(entry.string());
        if (lease.ok && lease.message.hostId === entry.key) this.#cache.set(entry.key, { lease: lease.message, revision: entry.revision });
      }
    })();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#renewAll(), LEASE_RENEW_MS);
    this.#renewAll();
  }

  /** The hub holding this host for another run, or null when this hub may take it. */
  holderOf(hostId: string, runId: string): string | null {
    const lease = this.#cache.get(hostId)?.lease;
    return lease && this.#isLive(lease, runId) ? lease.hubId : null;
  }

  /** This hub's agent for `hostId` runs `runId`: claim the host, now and at every renewal. */
  claim(hostId: string, runId: string): void {
    this.#own.set(hostId, runId);
    void this.#write(hostId, runId);
  }

  /** This hub's agent for `hostId` is gone: give the host up, unless another hub has it by now. */
  release(hostId: string): void {
    if (!this.#own.delete(hostId) || !this.#kv) return;
    const kv = this.#kv;
    void (async () => {
      const entry = await kv.get(hostId);
      if (!entry || entry.operation !== 'PUT') return;
      const lease = parseBusLease(entry.string());
      if (lease.ok && lease.message.hubId === this.#o.hubId && !this.#own.has(hostId)) await kv.delete(hostId, { previousSeq: entry.revision });
    })().catch((err: Error) => this.#o.onError(err, hostId));
  }

  /** Stops renewing. */
  stop(): void {
    clearInterval(this.#timer);
    this.#kv = null;
  }

  /** Whether `lease` still binds a hello of `runId` here: another hub's, for another run, renewed lately, its hub alive and its host online. */
  #isLive(lease: BusLease, runId: string): boolean {
    if (lease.hubId === this.#o.hubId || lease.runId === runId) return false;
    if (this.#o.nowMs() - lease.renewedMs > LEASE_TTL_MS) return false;
    if (this.#o.canJudge(lease.hubId) && !this.#o.isAlive(lease.hubId)) return false;
    return this.#o.isOnline(lease.hostId);
  }

  #renewAll(): void {
    for (const [hostId, runId] of this.#own) void this.#write(hostId, runId);
  }

  /**
   * Compare-and-set of this hub's lease; gives up the host to a live lease of another
   * run. A renewal of a lease the watch shows as this hub's own is one write against
   * the revision seen; anything else (or a lost race) reads the key first.
   */
  async #write(hostId: string, runId: string): Promise<void> {
    const kv = this.#kv;
    if (!kv) return;
    const value = (): string => JSON.stringify({ hubId: this.#o.hubId, runId, hostId, renewedMs: this.#o.nowMs() } satisfies BusLease);
    const seen = this.#cache.get(hostId);
    if (this.#own.get(hostId) === runId && seen?.lease.hubId === this.#o.hubId && seen.lease.runId === runId) {
      const written = await kv.update(hostId, value(), seen.revision).then(
        () => true,
        () => false,
      );
      if (written) return;
    }
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (this.#own.get(hostId) !== runId) return;
        const entry = await kv.get(hostId);
        const current = entry?.operation === 'PUT' ? parseBusLease(entry.string()) : null;
        if (current?.ok && this.#isLive(current.message, runId)) {
          this.#own.delete(hostId);
          this.#o.onLost(hostId, current.message.hubId);
          return;
        }
        try {
          if (entry) await kv.update(hostId, value(), entry.revision);
          else await kv.create(hostId, value());
          return;
        } catch {
          // Another hub wrote in between: read again.
        }
      }
    } catch (err) {
      this.#o.onError(err as Error, hostId);
    }
  }
}
