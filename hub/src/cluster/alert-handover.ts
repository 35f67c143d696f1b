import { createHash } from 'node:crypto';
import type { KV, KvEntry } from '@nats-io/kv';
import type { Alert, BusTransition } from '@hostpulse/protocol';
import { parseSaved } from '../alerts/kept-list.js';
import type { StateStore } from '../store/state-store.js';

/** State key prefix of the alert state changes this hub saw and no hub has yet taken for delivery, as far as it knows. */
const PENDING_PREFIX = 'alert-pending/';

/** A state change's delivery key: the same on every hub that sees it (the alert's id, new state, and when its condition turned active). */
export function transitionKey(alert: Alert): string {
  return createHash('sha256').update(`${alert.id}|${alert.state}|${alert.activeSinceMs}`).digest('hex').slice(0, 32);
}

/** When a change happened: an alert's firing or its resolution. */
function changedAtMs(alert: Alert): number {
  return (alert.state === 'resolved' ? alert.endsAtMs : alert.startsAtMs) ?? alert.updatedMs;
}

/** What the handover needs from the hub. */
export interface AlertHandoverOptions {
  hubId: string;
  store: StateStore;
  /** Whether this hub holds the sender lease now. */
  sending: () => boolean;
  /** Puts a state change in this hub's delivery queue. */
  deliver: (alert: Alert, notifiers: readonly string[] | undefined) => void;
  onError: (err: Error, op: string, key: string) => void;
}

/**
 * Alert state changes on their way from the hubs that see them to the one hub that
 * sends (the sender lease's holder), through a key-value bucket keyed by delivery
 * key. A hub writes each change it owes there (create: a change two hubs saw is
 * written once) and keeps it pending in its store until the bucket shows it taken,
 * so neither a NATS outage nor a SIGKILL loses it. The sender takes every change
 * not yet taken: it queues it for delivery, then marks it taken with its own id,
 * and a hub that takes the lease takes what the last holder left. A mark not
 * written when the sender lost its link is written when the link returns.
 *
 * Two hubs may see one alert differently across a partition (the far side's host
 * unseen here, really down there): each change taken is checked against the last
 * one sent for the alert, and one that repeats its state or is older than it is
 * marked superseded and not sent, so a receiver hears firing and resolved in turn.
 */
export class AlertHandover {
  readonly #o: AlertHandoverOptions;
  #bucket: KV | null = null;
  #watching = false;
  /** Changes this hub saw and no mark covers yet, by key; one with `sentBy` is one this hub took and still has to mark. */
  readonly #pending = new Map<string, BusTransition>();
  /** Pending keys written to the bucket (or found there) since this hub last attached. */
  readonly #written = new Set<string>();
  /** Changes in the bucket that no hub took yet. */
  readonly #open = new Map<string, BusTransition>();
  /** Per alert id, the newest change sent, as the bucket shows. */
  readonly #last = new Map<string, { state: Alert['state']; atMs: number }>();

  constructor(options: AlertHandoverOptions) {
    this.#o = options;
    for (const [key, text] of options.store.readState(PENDING_PREFIX)) {
      const transition = parseSaved('BusTransition', text);
      if (transition) this.#pending.set(key.slice(PENDING_PREFIX.length), transition);
      else options.store.deleteState(key);
    }
  }

  /** Changes waiting for a mark, as the log tells when this hub takes the lease. */
  get pending(): number {
    return this.#pending.size;
  }

  /** A change this hub owes to `notifiers` (undefined: all): kept until the sender takes it. */
  offer(alert: Alert, notifiers: readonly string[] | undefined): void {
    const key = transitionKey(alert);
    if (this.#pending.has(key)) return;
    this.#keep(key, { alert, ...(notifiers ? { notifiers: [...notifiers] } : {}) });
    void this.#write(key);
  }

  /** Follows the bucket (the first time) and writes what waits; called again each time NATS returns. */
  async attach(bucket: KV): Promise<void> {
    this.#bucket = bucket;
    this.#written.clear();
    if (!this.#watching) {
      void this.#follow(await bucket.watch());
      this.#watching = true;
    }
    for (const key of [...this.#pending.keys()]) await this.#write(key);
  }

  /**
   * This hub has just taken the sender lease: it takes every change no mark covers,
   * each read again first, as the watch may not yet have brought the marks the last
   * sender wrote while this hub was cut off.
   */
  takeOver(): void {
    const bucket = this.#bucket;
    if (!bucket) return;
    for (const key of [...this.#open.keys()]) {
      void (async () => {
        const entry = await bucket.get(key);
        const transition = entry?.operation === 'PUT' ? parseSaved('BusTransition', entry.string()) : null;
        if (transition?.sentBy === undefined) return this.#take(key);
        this.#open.delete(key);
        if (!transition.superseded) this.#sent(transition.alert);
      })().catch((err: Error) => this.#o.onError(err, 'alert handover', key));
    }
  }

  /** Writes a pending change to the bucket: a change to announce, or the mark of one this hub took. */
  async #write(key: string): Promise<void> {
    const bucket = this.#bucket;
    const transition = this.#pending.get(key);
    if (!bucket || !transition || this.#written.has(key)) return;
    try {
      if (transition.sentBy) {
        await bucket.put(key, JSON.stringify(transition));
        if (this.#pending.get(key) === transition) this.#drop(key);
      } else {
        await bucket.create(key, JSON.stringify(transition));
        this.#written.add(key);
      }
    } catch (err) {
      // Another hub wrote this change first: the watch says whether it is taken.
      if (/wrong last sequence/i.test((err as Error).message)) this.#written.add(key);
      else this.#o.onError(err as Error, 'alert handover', key);
    }
  }

  async #follow(watch: AsyncIterable<KvEntry>): Promise<void> {
    for await (const entry of watch) {
      const key = entry.key;
      if (entry.operation !== 'PUT') {
        this.#open.delete(key);
        continue;
      }
      const transition = parseSaved('BusTransition', entry.string());
      if (!transition) {
        this.#o.onError(new Error('not a valid alert state change'), 'read alert handover', key);
        continue;
      }
      if (transition.sentBy !== undefined) {
        this.#open.delete(key);
        if (!transition.superseded) this.#sent(transition.alert);
        if (this.#pending.has(key)) this.#drop(key);
        continue;
      }
      // One this hub took before a restart has its mark still to write: not to be taken again.
      if (this.#pending.get(key)?.sentBy !== undefined) continue;
      this.#open.set(key, transition);
      if (this.#o.sending()) void this.#take(key);
    }
  }

  /**
   * Queues a change for delivery, then marks it taken. The mark is kept pending
   * (saved) between the two, so a link lost or a SIGKILL in between leaves a mark to
   * write, not a change to queue twice.
   */
  async #take(key: string): Promise<void> {
    const transition = this.#open.get(key);
    if (!transition) return;
    this.#open.delete(key);
    const { alert } = transition;
    const last = this.#last.get(alert.id);
    const superseded = last !== undefined && (last.state === alert.state || last.atMs > changedAtMs(alert));
    if (!superseded) {
      this.#o.deliver(alert, transition.notifiers);
      this.#sent(alert);
    }
    this.#keep(key, { ...transition, sentBy: this.#o.hubId, ...(superseded ? { superseded } : {}) });
    this.#written.delete(key);
    await this.#write(key);
  }

  /** Notes a change sent, unless a newer one for its alert is known. */
  #sent(alert: Alert): void {
    const atMs = changedAtMs(alert);
    if ((this.#last.get(alert.id)?.atMs ?? -1) <= atMs) this.#last.set(alert.id, { state: alert.state, atMs });
  }

  #keep(key: string, transition: BusTransition): void {
    this.#pending.set(key, transition);
    this.#o.store.putState(PENDING_PREFIX + key, JSON.stringify(transition));
  }

  #drop(key: string): void {
    this.#pending.delete(key);
    this.#o.store.deleteState(PENDING_PREFIX + key);
  }
}
