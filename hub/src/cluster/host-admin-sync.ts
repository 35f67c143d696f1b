import type { KV, KvEntry } from '@nats-io/kv';
import type { BusHostName } from '@hostpulse/protocol';
import { parseBusHostName } from '@hostpulse/protocol/validate';
import type { HostRegistry } from '../hosts/host-registry.js';

/** What the sync needs from the hub. */
export interface HostAdminSyncOptions {
  hubId: string;
  registry: HostRegistry;
  /** Another hub forgot `hostId` at `atMs`: hellos from before then, read later from the stream, are stale. */
  forgottenAt: (hostId: string, atMs: number) => void;
  onError: (err: Error, op: string, hostId: string) => void;
  nowMs?: () => number;
}

/**
 * What admins change about hosts, made the same on every hub through two key-value
 * buckets. Display names live in the names bucket (a deleted key is a name taken
 * away); a forgotten host is a deleted key in the hosts bucket, which every hub
 * watches. Both buckets keep their last entry per key, so a hub that starts later
 * learns them too. A change made here while NATS is away waits, and is written
 * once the buckets are attached again.
 */
export class HostAdminSync {
  readonly #o: Required<HostAdminSyncOptions>;
  #names: KV | null = null;
  #hosts: KV | null = null;
  /** Names the bucket holds, so a host this hub learns of later gets its name. */
  readonly #bucketNames = new Map<string, string>();
  /** Names set here not yet written: undefined for a name taken away. */
  readonly #pendingNames = new Map<string, string | undefined>();
  /** Hosts forgotten here whose keys are not yet deleted. */
  readonly #pendingForgets = new Set<string>();
  /** The host being forgotten because another hub did: not told back to the bucket. */
  #applyingForget: string | null = null;

  constructor(options: HostAdminSyncOptions) {
    this.#o = { nowMs: Date.now, ...options };
  }

  /** Writes what waits, then (the first time) starts watching both buckets; called again each time NATS returns. */
  async attach(names: KV, hosts: KV): Promise<void> {
    const first = this.#names === null;
    this.#names = names;
    this.#hosts = hosts;
    await this.#writePending();
    if (!first) return;
    void this.#follow(await names.watch(), (entry) => this.#nameEntry(entry));
    void this.#follow(await hosts.watch(), (entry) => this.#hostEntry(entry));
  }

  /** An admin gave a host a name here (undefined takes it away). */
  nameSet(hostId: string, displayName: string | undefined): void {
    this.#pendingNames.set(hostId, displayName);
    void this.#writePending();
  }

  /** This hub forgot a host: its hello and name leave the buckets, and so every hub forgets it. */
  hostForgotten(hostId: string): void {
    if (hostId === this.#applyingForget) return;
    this.#bucketNames.delete(hostId);
    this.#pendingNames.delete(hostId);
    this.#pendingForgets.add(hostId);
    void this.#writePending();
  }

  /** This hub learnt of a host from another hub: it takes the name the bucket holds. */
  hostLearnt(hostId: string): void {
    const name = this.#bucketNames.get(hostId);
    if (name !== undefined && this.#o.registry.get(hostId)?.displayName !== name) this.#o.registry.setDisplayName(hostId, name);
  }

  async #writePending(): Promise<void> {
    const names = this.#names;
    const hosts = this.#hosts;
    if (!names || !hosts) return;
    for (const [hostId, displayName] of [...this.#pendingNames]) {
      try {
        if (displayName === undefined) await names.delete(hostId);
        else await names.put(hostId, JSON.stringify({ hostId, displayName, hubId: this.#o.hubId, setMs: this.#o.nowMs() } satisfies BusHostName));
        // A newer change made while this one was written waits for its own turn.
        if (this.#pendingNames.get(hostId) === displayName) this.#pendingNames.delete(hostId);
      } catch (err) {
        this.#o.onError(err as Error, 'name', hostId);
      }
    }
    for (const hostId of [...this.#pendingForgets]) {
      // Back while NATS was away (its agent said hello again): no longer forgotten.
      if (this.#o.registry.get(hostId) !== undefined) {
        this.#pendingForgets.delete(hostId);
        continue;
      }
      try {
        await hosts.delete(hostId);
        await names.delete(hostId);
        this.#pendingForgets.delete(hostId);
      } catch (err) {
        this.#o.onError(err as Error, 'forget', hostId);
      }
    }
  }

  async #follow(watch: AsyncIterable<KvEntry>, apply: (entry: KvEntry) => void): Promise<void> {
    for await (const entry of watch) apply(entry);
  }

  #nameEntry(entry: KvEntry): void {
    const hostId = entry.key;
    // A name set here and not yet written stays: the bucket gets it next.
    if (this.#pendingNames.has(hostId)) return;
    let name: string | undefined;
    if (entry.operation === 'PUT') {
      const parsed = parseBusHostName(entry.string());
      if (!parsed.ok || parsed.message.hostId !== hostId) return this.#o.onError(new Error(parsed.ok ? 'host id differs from its key' : parsed.detail), 'read name', hostId);
      name = parsed.message.displayName;
      this.#bucketNames.set(hostId, name);
    } else {
      this.#bucketNames.delete(hostId);
    }
    this.#o.registry.setDisplayName(hostId, name);
  }

  #hostEntry(entry: KvEntry): void {
    if (entry.operation === 'PUT') return;
    const atMs = entry.created.getTime();
    this.#o.forgottenAt(entry.key, atMs);
    this.#applyingForget = entry.key;
    try {
      this.#o.registry.forgetReplica(entry.key, atMs);
    } finally {
      this.#applyingForget = null;
    }
  }
}
