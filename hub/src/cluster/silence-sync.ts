import type { KV, KvEntry } from '@nats-io/kv';
import type { Silence } from '@hostpulse/protocol';
import { parseSaved } from '../alerts/kept-list.js';
import type { Silences } from '../alerts/silences.js';

/** What the sync needs from the hub. */
export interface SilenceSyncOptions {
  silences: Silences;
  onError: (err: Error, op: string, id: string) => void;
}

/**
 * The alert silences, made the same on every hub through a key-value bucket: a
 * silence is the value of its id, and a deleted key is a silence ended. The bucket
 * keeps the last entry per key, so a hub that starts later learns them too. A
 * change made here while NATS is away waits, and is written once the bucket is
 * attached again.
 */
export class SilenceSync {
  readonly #o: SilenceSyncOptions;
  #bucket: KV | null = null;
  /** Changes made here not yet written: null for a silence ended. */
  readonly #pending = new Map<string, Silence | null>();

  constructor(options: SilenceSyncOptions) {
    this.#o = options;
    options.silences.onSet((id, silence, origin) => {
      if (origin === 'bus') return;
      this.#pending.set(id, silence);
      void this.#writePending();
    });
  }

  /** Writes what waits, then (the first time) starts watching the bucket; called again each time NATS returns. */
  async attach(bucket: KV): Promise<void> {
    const first = this.#bucket === null;
    this.#bucket = bucket;
    await this.#writePending();
    if (!first) return;
    void this.#follow(await bucket.watch());
  }

  async #writePending(): Promise<void> {
    const bucket = this.#bucket;
    if (!bucket) return;
    for (const [id, silence] of [...this.#pending]) {
      try {
        if (silence === null) await bucket.delete(id);
        else await bucket.put(id, JSON.stringify(silence));
        // A newer change made while this one was written waits for its own turn.
        if (this.#pending.get(id) === silence) this.#pending.delete(id);
      } catch (err) {
        this.#o.onError(err as Error, 'silence', id);
      }
    }
  }

  async #follow(watch: AsyncIterable<KvEntry>): Promise<void> {
    for await (const entry of watch) this.#apply(entry);
  }

  #apply(entry: KvEntry): void {
    const id = entry.key;
    // A change made here and not yet written stays: the bucket gets it next.
    if (this.#pending.has(id)) return;
    if (entry.operation !== 'PUT') return void this.#o.silences.end(id, 'bus');
    const silence = parseSaved('Silence', entry.string());
    if (silence?.id !== id) return this.#o.onError(new Error(silence ? 'silence id differs from its key' : 'not a valid silence'), 'read silence', id);
    this.#o.silences.set(silence, 'bus');
  }
}
