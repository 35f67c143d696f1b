import type { KV, KvEntry } from '@nats-io/kv';
import { isNewer, parseDocumentState, type AlertsDocument, type AlertsDocumentState } from '../alerts/alerts-document.js';

/** The one key of the alerts bucket. */
const KEY = 'document';

/** What the sync needs from the hub. */
export interface AlertsSyncOptions {
  document: AlertsDocument;
  onError: (err: Error, op: string) => void;
}

/**
 * The alerts document (rules and notifiers), made the same on every hub through a
 * key-value bucket holding it under one key: the newest revision wins (isNewer), on
 * every hub alike. A hub writes its document whenever it is newer than the
 * bucket's: after a change here, and each time NATS returns (a change made while
 * it was away); it takes the bucket's when that is newer.
 */
export class AlertsSync {
  readonly #o: AlertsSyncOptions;
  #bucket: KV | null = null;

  constructor(options: AlertsSyncOptions) {
    this.#o = options;
    options.document.onChange((_config, origin) => {
      if (origin !== 'bus') void this.#writeIfNewer();
    });
  }

  /** Writes this hub's document when newer, then (the first time) starts watching the bucket; called again each time NATS returns. */
  async attach(bucket: KV): Promise<void> {
    const first = this.#bucket === null;
    this.#bucket = bucket;
    await this.#writeIfNewer();
    if (!first) return;
    void this.#follow(await bucket.watch({ key: KEY }));
  }

  async #writeIfNewer(): Promise<void> {
    const bucket = this.#bucket;
    const mine = this.#o.document.state;
    if (!bucket || !mine) return;
    try {
      const entry = await bucket.get(KEY);
      const theirs = entry?.operation === 'PUT' ? parseDocumentState(entry.string()) : null;
      if (theirs && !isNewer(mine, theirs)) return;
      await bucket.put(KEY, JSON.stringify(mine));
    } catch (err) {
      this.#o.onError(err as Error, 'write alerts');
    }
  }

  async #follow(watch: AsyncIterable<KvEntry>): Promise<void> {
    for await (const entry of watch) this.#apply(entry);
  }

  #apply(entry: KvEntry): void {
    if (entry.operation !== 'PUT') return;
    const state: AlertsDocumentState | null = parseDocumentState(entry.string());
    if (!state) return this.#o.onError(new Error('not an alerts document'), 'read alerts');
    try {
      // Two hubs writing at once leave the bucket with either: the one holding the newer writes it again.
      if (!this.#o.document.adopt(state)) void this.#writeIfNewer();
    } catch (err) {
      // Another hub's rules this one cannot run (a shorter --retention, say): it keeps its own.
      this.#o.onError(err as Error, 'read alerts');
    }
  }
}
