import { PROTOCOL_VERSION } from '@hostpulse/protocol';
import { parseAgentMessage } from '@hostpulse/protocol/validate';
import { agentBucketShape, NEW_HOST_BUCKET_SHAPE, TokenBucket } from '../core/rate-limit.js';
/**
 * The agent protocol with no socket in sight: one frame in, one outcome out. The
 * first frame must be a hello; then samples and process tables of that host and
 * run, within the host's rate limit (a token bucket per host id, kept across reconnects so a
 * flood cannot start afresh by reconnecting; see rate-limit.ts for its numbers).
 * A hello for a host id the registry does not know is refused once it holds
 * `maxHosts`, and past a token bucket per remote address. Nothing is stored
 * unless the frame is valid and expected.
 */
export class AgentIngest {
    #registry;
    #processes;
    #claims;
    #historyMs;
    #maxHosts;
    #nowMs;
    /** Sample allowance per host id. */
    #buckets = new Map();
    /** New-host-id allowance per remote address. */
    #newHosts = new Map();
    constructor({ registry, processes, historyMs, maxHosts, claims, nowMs = Date.now }) {
        this.#registry = registry;
        this.#processes = processes;
        this.#claims = claims;
        this.#historyMs = historyMs;
        this.#maxHosts = maxHosts;
        this.#nowMs = nowMs;
    }
    /** Drops what is kept for a host the registry forgot. */
    forget(hostId) {
        this.#buckets.delete(hostId);
    }
    /** Remote addresses holding a new-host allowance that is not full again yet. */
    get trackedAddresses() {
        return this.#newHosts.size;
    }
    /** Drops the new-host allowances that are full again: such an address is as good as new. */
    prune() {
        const now = this.#nowMs();
        for (const [remote, bucket] of this.#newHosts)
            if (bucket.isFull(now))
                this.#newHosts.delete(remote);
    }
    /** Handles one frame of an agent socket; `text` is null for a binary frame. */
    handle(data, text) {
        if (data.closing)
            return { kind: 'ignored' };
        if (text === null)
            return { kind: 'fault', fault: 'malformedJson', detail: 'binary frame' };
        const parsed = parseAgentMessage(text);
        if (!parsed.ok)
            return { kind: 'fault', fault: parsed.fault, detail: parsed.detail };
        const msg = parsed.message;
        switch (msg.type) {
            case 'hello': {
                if (data.hostId !== null)
                    return { kind: 'fault', fault: 'unexpectedMessage', detail: 'second hello' };
                // Checked before the registry sees the hello, so a token for one host can neither add nor displace another.
                if (data.tokenHostId !== null && msg.hostId !== data.tokenHostId) {
                    return { kind: 'fault', fault: 'unauthorized', detail: `the agent token is not valid for host id ${msg.hostId}` };
                }
                const holder = this.#claims?.holderOf(msg) ?? null;
                if (holder !== null)
                    return { kind: 'fault', fault: 'hostIdConflict', detail: `host id ${msg.hostId} streams to hub ${holder} with another run` };
                if (this.#registry.get(msg.hostId) === undefined) {
                    const refusal = this.#admitNewHost(data.remote);
                    if (refusal)
                        return refusal;
                }
                const result = this.#registry.connect(msg);
                if (!result.ok)
                    return { kind: 'fault', fault: result.fault, detail: `host id ${msg.hostId} already has a connected agent` };
                this.#claims?.accepted(msg);
                data.hostId = msg.hostId;
                data.runId = msg.runId;
                this.#shapeBucket(msg.hostId, msg.intervalMs);
                const welcome = {
                    type: 'welcome',
                    protocolVersion: PROTOCOL_VERSION,
                    hostId: msg.hostId,
                    runId: msg.runId,
                    lastSeq: result.lastSeq,
                    hubTimeMs: this.#nowMs(),
                    accepts: ['processes'],
                };
                return { kind: 'welcome', welcome, replaced: result.replaced };
            }
            case 'sample': {
                const fault = this.#checkStream(data, msg.sample.hostId, msg.sample.runId, 'sample');
                if (fault)
                    return fault;
                return { kind: 'sample', result: this.#registry.addSample(msg.sample) };
            }
            case 'processes': {
                const fault = this.#checkStream(data, msg.table.hostId, msg.table.runId, 'process table');
                if (fault)
                    return fault;
                return { kind: 'processes', stored: this.#processes.store(msg.table, this.#nowMs()) };
            }
            default: {
                const unreachable = msg;
                return unreachable;
            }
        }
    }
    /** A sample or table must follow hello, name the hello's host and run, and fit the host's rate limit. */
    #checkStream(data, hostId, runId, what) {
        if (data.hostId === null)
            return { kind: 'fault', fault: 'unexpectedMessage', detail: `${what} before hello` };
        if (hostId !== data.hostId || runId !== data.runId) {
            return { kind: 'fault', fault: 'unexpectedMessage', detail: `${what} for another host or run than the hello named` };
        }
        if (!this.#buckets.get(data.hostId).take(this.#nowMs())) {
            return { kind: 'fault', fault: 'rateLimited', detail: 'frames sent faster than the rate limit' };
        }
        return null;
    }
    #admitNewHost(remote) {
        if (this.#registry.counts().total >= this.#maxHosts) {
            return { kind: 'fault', fault: 'tooManyHosts', detail: `the hub holds its limit of ${this.#maxHosts} hosts (--max-hosts)` };
        }
        const now = this.#nowMs();
        let bucket = this.#newHosts.get(remote);
        if (!bucket) {
            bucket = new TokenBucket(NEW_HOST_BUCKET_SHAPE, now);
            this.#newHosts.set(remote, bucket);
        }
        if (bucket.take(now))
            return null;
        return { kind: 'fault', fault: 'rateLimited', detail: `new host ids from ${remote} arrive faster than ${NEW_HOST_BUCKET_SHAPE.refillPerSec} a second` };
    }
    #shapeBucket(hostId, intervalMs) {
        const shape = agentBucketShape(this.#historyMs, intervalMs);
        const bucket = this.#buckets.get(hostId);
        if (bucket)
            bucket.reshape(shape, this.#nowMs());
        else
            this.#buckets.set(hostId, new TokenBucket(shape, this.#nowMs()));
    }
}
//# sourceMappingURL=agent-ingest.js.map