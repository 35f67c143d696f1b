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
/**
 * One owner per host across hubs, through a JetStream key-value bucket whose keys
 * lapse after LEASE_TTL_MS. A hello is checked at once against this hub's copy of
 * the bucket (kept by a watch), so the agent path stays synchronous; the claim is
 * then written with compare-and-set over the revision that check judged. Another
 * hub's claim written since, still fresh and its hub alive, wins the race: this
 * hub closes its agent with 4409. The first run keeps the host, as on one hub.
 */
export class HostLeases {
    #o;
    /** The bucket as the watch last saw it: each host's lease and its revision. */
    #cache = new Map();
    /** Hosts whose agent is connected here. */
    #own = new Map();
    #kv = null;
    #timer;
    constructor(options) {
        this.#o = { nowMs: Date.now, ...options };
    }
    /** Starts mirroring the bucket and renewing this hub's leases (once; later calls, after NATS returns, renew at once). */
    async attach(kv) {
        if (this.#kv)
            return this.#renewAll();
        this.#kv = kv;
        const watch = await kv.watch();
        void (async () => {
            for await (const entry of watch) {
                if (entry.operation !== 'PUT') {
                    this.#cache.delete(entry.key);
                    continue;
                }
                const lease = parseBusLease(entry.string());
                if (lease.ok && lease.message.hostId === entry.key)
                    this.#cache.set(entry.key, { lease: lease.message, revision: entry.revision });
            }
        })();
        clearInterval(this.#timer);
        this.#timer = setInterval(() => this.#renewAll(), LEASE_RENEW_MS);
        this.#renewAll();
    }
    /** The hub holding this host for another run, or null when this hub may take it. */
    holderOf(hostId, runId) {
        const lease = this.#cache.get(hostId)?.lease;
        return lease && this.#isOthers(lease, runId) && this.#binds(lease) && this.#o.isOnline(hostId) ? lease.hubId : null;
    }
    /** This hub's agent for `hostId` runs `runId`: claim the host, now and at every renewal. */
    claim(hostId, runId) {
        this.#own.set(hostId, { runId, revision: this.#cache.get(hostId)?.revision ?? 0 });
        void this.#write(hostId);
    }
    /** This hub's agent for `hostId` is gone: give the host up, unless another hub has it by now. */
    release(hostId) {
        if (!this.#own.delete(hostId) || !this.#kv)
            return;
        const kv = this.#kv;
        void (async () => {
            const entry = await kv.get(hostId);
            if (!entry || entry.operation !== 'PUT')
                return;
            const lease = parseBusLease(entry.string());
            if (lease.ok && lease.message.hubId === this.#o.hubId && !this.#own.has(hostId))
                await kv.delete(hostId, { previousSeq: entry.revision });
        })().catch((err) => this.#o.onError(err, hostId));
    }
    /** Stops renewing. */
    stop() {
        clearInterval(this.#timer);
        this.#kv = null;
    }
    /** Whether a lease is another hub's claim for another run than `runId`. */
    #isOthers(lease, runId) {
        return lease.hubId !== this.#o.hubId && lease.runId !== runId;
    }
    /** Whether a lease still binds: renewed lately, and its hub not known to be gone. */
    #binds(lease) {
        if (this.#o.nowMs() - lease.renewedMs > LEASE_TTL_MS)
            return false;
        return !(this.#o.canJudge(lease.hubId) && !this.#o.isAlive(lease.hubId));
    }
    #renewAll() {
        for (const hostId of this.#own.keys())
            void this.#write(hostId);
    }
    /**
     * Writes this hub's lease with compare-and-set. A renewal of a lease the watch shows
     * as this hub's own is one write against the revision seen; otherwise the key is read
     * first, and a claim of another run written since the revision this hub judged, still
     * binding, takes the host from it.
     */
    async #write(hostId) {
        const kv = this.#kv;
        const own = this.#own.get(hostId);
        if (!kv || !own)
            return;
        const value = () => JSON.stringify({ hubId: this.#o.hubId, runId: own.runId, hostId, renewedMs: this.#o.nowMs() });
        const seen = this.#cache.get(hostId);
        if (seen && seen.lease.hubId === this.#o.hubId && seen.lease.runId === own.runId) {
            const revision = await kv.update(hostId, value(), seen.revision).catch(() => null);
            if (revision !== null)
                return void (own.revision = revision);
        }
        try {
            for (let attempt = 0; attempt < 3; attempt++) {
                if (this.#own.get(hostId) !== own)
                    return;
                const entry = await kv.get(hostId);
                const current = entry?.operation === 'PUT' ? parseBusLease(entry.string()) : null;
                if (current?.ok && entry.revision !== own.revision && this.#isOthers(current.message, own.runId) && this.#binds(current.message)) {
                    this.#own.delete(hostId);
                    this.#o.onLost(hostId, current.message.hubId);
                    return;
                }
                try {
                    own.revision = entry ? await kv.update(hostId, value(), entry.revision) : await kv.create(hostId, value());
                    return;
                }
                catch {
                    // Another hub wrote in between: read again.
                }
            }
        }
        catch (err) {
            this.#o.onError(err, hostId);
        }
    }
}
//# sourceMappingURL=host-leases.js.map