import { BUS_PEER_GONE_MS, parseBusSubject } from '@hostpulse/protocol';
import { parseBusMessage } from '@hostpulse/protocol/validate';
/** Peers stay listed in the figures this long after their last heartbeat. */
const PEER_LISTED_MS = 60_000;
/**
 * This hub's replica of every other hub's hosts: bus messages in, after the same
 * checks agents' frames get (the bus is not trusted blindly), into the registry.
 * It also knows which hub holds each host's agent and which hubs are alive.
 */
export class BusReplica {
    #registry;
    #hubId;
    #maxHosts;
    #nowMs;
    /** Hub holding each host's agent, as the newest hello says. */
    #owners = new Map();
    /** Receive time of the newest hello applied per host, so an older one from a back-fill is ignored. */
    #helloMs = new Map();
    #peers = new Map();
    constructor(registry, hubId, maxHosts, nowMs = Date.now) {
        this.#registry = registry;
        this.#hubId = hubId;
        this.#maxHosts = maxHosts;
        this.#nowMs = nowMs;
    }
    /** Parses, checks and applies one message read from `subject`. */
    apply(subject, text) {
        const parsed = parseBusMessage(text);
        if (!parsed.ok)
            return { invalid: `${parsed.fault}: ${parsed.detail}` };
        const msg = parsed.message;
        const mismatch = subjectMismatch(subject, msg);
        if (mismatch !== null)
            return { invalid: mismatch };
        switch (msg.type) {
            case 'sample':
                return this.#registry.replicaSample(msg.sample);
            case 'hello':
                // A host new to this hub counts against --max-hosts as an agent's would.
                if (this.#registry.get(msg.hello.hostId) === undefined && this.#registry.counts().total >= this.#maxHosts)
                    return 'tooManyHosts';
                return this.hello(msg.hello, msg.hubId, msg.hubRxMs) ? 'applied' : 'stale';
            case 'host-status':
                if (this.#owners.get(msg.status.hostId) !== msg.hubId)
                    return 'stale';
                this.#registry.replicaStatus(msg.status);
                return 'applied';
            case 'hub':
                this.#seePeer(msg);
                return 'applied';
            default: {
                const unreachable = msg;
                return unreachable;
            }
        }
    }
    /** A hello accepted by hub `hubId` (this one included) at `hubRxMs`; false when a newer one was applied already. */
    hello(hello, hubId, hubRxMs) {
        if (hubRxMs < (this.#helloMs.get(hello.hostId) ?? 0))
            return false;
        this.#helloMs.set(hello.hostId, hubRxMs);
        this.#owners.set(hello.hostId, hubId);
        if (hubId !== this.#hubId)
            this.#registry.replicaHello(hello, hubRxMs);
        return true;
    }
    /** The hub holding this host's agent, as far as this hub knows. */
    ownerOf(hostId) {
        return this.#owners.get(hostId);
    }
    /**
     * Whether this hub delivers the host's alerts: the hub holding its agent does; when
     * that hub is gone (its heartbeats stopped) or unknown, the live hub with the lowest
     * id does, so a host whose hub died still has its host.offline alert delivered, once.
     */
    delivers(hostId) {
        const owner = this.#owners.get(hostId);
        if (owner === this.#hubId)
            return true;
        if (owner !== undefined && this.isAlive(owner))
            return false;
        for (const id of this.#peers.keys())
            if (id < this.#hubId && this.isAlive(id))
                return false;
        return true;
    }
    /** Whether hub `hubId` sent a heartbeat lately; false also for a hub never heard. */
    isAlive(hubId) {
        const peer = this.#peers.get(hubId);
        return peer !== undefined && this.#nowMs() - peer.lastSeenMs <= BUS_PEER_GONE_MS;
    }
    /** Whether this hub ever heard hub `hubId`. */
    knows(hubId) {
        return this.#peers.has(hubId);
    }
    /** Name of a peer (host:port), or its id when never heard. */
    nameOf(hubId) {
        return this.#peers.get(hubId)?.name ?? hubId;
    }
    /** Peers heard in the last minute, by name. */
    peers() {
        const now = this.#nowMs();
        for (const [id, peer] of this.#peers)
            if (now - peer.lastSeenMs > PEER_LISTED_MS)
                this.#peers.delete(id);
        return [...this.#peers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    #seePeer(msg) {
        if (msg.hubId === this.#hubId)
            return;
        this.#peers.set(msg.hubId, { hubId: msg.hubId, name: msg.name, agents: msg.agents, lastSeenMs: this.#nowMs() });
    }
}
/** Why a message does not belong on its subject, or null when it does. */
function subjectMismatch(subject, msg) {
    const named = parseBusSubject(subject);
    const expected = msg.type === 'sample' ? ['sample', msg.sample.hostId] : msg.type === 'hello' ? ['hello', msg.hello.hostId] : msg.type === 'host-status' ? ['status', msg.status.hostId] : ['hub', msg.hubId];
    if (named === null || named.kind !== expected[0] || named.id !== expected[1])
        return `a ${msg.type} message for ${expected[1]} on subject ${subject}`;
    return null;
}
//# sourceMappingURL=bus-replica.js.map