import { performance } from 'node:perf_hooks';
import type { BusSenderLease } from '@hostpulse/protocol';
import { parseSaved } from '../alerts/kept-list.js';

/** The sender lease lapses this long after its last renewal was written: the bucket's TTL. */
export const SENDER_TTL_MS = 10_000;
/** How often the holder renews the lease, and another hub looks whether it lapsed. */
export const SENDER_RENEW_MS = 2000;
/**
 * The holder stops sending this long before its lease could lapse, counted on its own
 * monotonic clock from when it sent its last renewal that was answered: the lapse is
 * counted by NATS from when it stored that renewal, which is later.
 */
export const SENDER_MARGIN_MS = 3000;

/** The key of the lease in its bucket. */
const KEY = 'sender';

/** What the lease needs of its key-value bucket (a JetStream KV whose keys lapse after SENDER_TTL_MS). */
export interface LeaseBucket {
  get(key: string): Promise<{ revision: number; operation: string; string(): string } | null>;
  /** Writes a key that does not exist (or lapsed); throws when it does. */
  create(key: string, value: string): Promise<number>;
  /** Writes a key whose last revision is `revision`; throws otherwise. */
  update(key: string, value: string, revision: number): Promise<number>;
}

/** What the lease needs from the hub. */
export interface SenderLeaseOptions {
  hubId: string;
  /** This hub's host:port, written with the lease for people reading the bucket. */
  name: () => string;
  /** This hub has just taken the lease. */
  onGained: () => void;
  onError: (err: Error) => void;
  /** A clock that only moves forward at a steady rate (not the wall clock). */
  monoMs?: () => number;
  nowMs?: () => number;
}

/**
 * The one hub of a cluster that sends alert notifications, through a key in a
 * JetStream key-value bucket whose keys lapse SENDER_TTL_MS after their last write.
 * The holder renews it every SENDER_RENEW_MS with compare-and-set on the revision it
 * wrote; another hub takes it only by creating the key, which NATS allows only once
 * it lapsed. A holder that cannot renew stops sending SENDER_MARGIN_MS before the
 * lapse could come, by its own monotonic clock, so two hubs never send at once while
 * their clocks run at about the same rate, whatever time they show.
 */
export class SenderLease {
  readonly #o: Required<SenderLeaseOptions>;
  #bucket: LeaseBucket | null = null;
  /** The revision of this hub's last write of the lease; null while another hub holds it or none does. */
  #revision: number | null = null;
  /** Monotonic time at which that write was sent. */
  #sentMs = Number.NEGATIVE_INFINITY;
  #busy = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SenderLeaseOptions) {
    this.#o = { monoMs: () => performance.now(), nowMs: Date.now, ...options };
  }

  /** Starts renewing (or trying to take) the lease in `bucket`; called again each time NATS returns. */
  attach(bucket: LeaseBucket): void {
    this.#bucket = bucket;
    this.#timer ??= setInterval(() => void this.renew(), SENDER_RENEW_MS);
    void this.renew();
  }

  /** Whether this hub sends now: it holds the lease, and its last renewal is recent enough that it cannot have lapsed. */
  holds(): boolean {
    return this.#revision !== null && this.#o.monoMs() < this.#sentMs + SENDER_TTL_MS - SENDER_MARGIN_MS;
  }

  /** Renews the lease if this hub holds it, or takes it if it lapsed; one attempt at a time. */
  async renew(): Promise<void> {
    const bucket = this.#bucket;
    if (!bucket || this.#busy) return;
    this.#busy = true;
    const held = this.holds();
    try {
      await this.#write(bucket);
    } catch (err) {
      this.#o.onError(err as Error);
    } finally {
      this.#busy = false;
    }
    if (!held && this.holds()) this.#o.onGained();
  }

  /** Stops renewing: the lease lapses unless another hub takes it first. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#bucket = null;
    this.#revision = null;
  }

  async #write(bucket: LeaseBucket): Promise<void> {
    const value = JSON.stringify({ hubId: this.#o.hubId, name: this.#o.name(), renewedMs: this.#o.nowMs() } satisfies BusSenderLease);
    if (this.#revision !== null) {
      const sentMs = this.#o.monoMs();
      const revision = await bucket.update(KEY, value, this.#revision).catch(() => null);
      if (revision !== null) return this.#wrote(revision, sentMs);
    }
    const entry = await bucket.get(KEY);
    const sentMs = this.#o.monoMs();
    if (entry === null || entry.operation !== 'PUT') {
      // Never taken, or lapsed: the first hub to create the key holds it.
      const revision = await bucket.create(KEY, value).catch(() => null);
      return revision === null ? void (this.#revision = null) : this.#wrote(revision, sentMs);
    }
    // This hub's own renewal whose answer was lost is still this hub's; anything else (even unreadable) waits to lapse.
    if (parseSaved('BusSenderLease', entry.string())?.hubId !== this.#o.hubId) return void (this.#revision = null);
    this.#wrote(await bucket.update(KEY, value, entry.revision), sentMs);
  }

  #wrote(revision: number, sentMs: number): void {
    this.#revision = revision;
    this.#sentMs = sentMs;
  }
}
