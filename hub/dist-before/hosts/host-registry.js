import { OFFLINE_AFTER_MISSED_INTERVALS } from '@hostpulse/protocol';
import { CPU_RECENT_COUNT, cpuUsedPct, savedHostJson } from './host-record.js';
import { RingBuffer } from './ring-buffer.js';
import { DataDirError } from '../store/database.js';
/**
 * Every host the hub has heard of: its runs, its state and whether it is online;
 * its samples live in the history store. Plain state with no sockets; the wiring
 * feeds it and listens to `events`.
 */
export class HostRegistry {
    #hosts = new Map();
    #store;
    #events;
    #nowMs;
    /** Samples stored since start, for the samples/s rate. */
    samplesTotal = 0;
    constructor({ store, events, nowMs = Date.now }) {
        this.#store = store;
        this.#events = events;
        this.#nowMs = nowMs;
    }
    /** Takes back the hosts the store holds from before a restart, all offline until their agents return. */
    restore() {
        for (const { hostId, info, history } of this.#store.restore()) {
            let saved;
            try {
                saved = JSON.parse(info);
            }
            catch (err) {
                throw new DataDirError(`${this.#store.dataDir}: the saved record of host ${hostId} is not valid JSON; the hub will not change it: move the data dir aside`, { cause: err });
            }
            const recent = history.samplesAfter(saved.runId, 0, CPU_RECENT_COUNT);
            const latest = recent[recent.length - 1];
            const cpuPctRecent = new RingBuffer(CPU_RECENT_COUNT);
            for (const sample of recent)
                cpuPctRecent.push(cpuUsedPct(sample));
            this.#hosts.set(hostId, {
                hostId,
                ...saved,
                lastSeenMs: Math.max(saved.lastSeenMs, latest?.hubRxMs ?? 0),
                online: false,
                connected: false,
                history,
                latest,
                cpuPctRecent,
            });
        }
    }
    /** The host with this id, if known. */
    get(hostId) {
        return this.#hosts.get(hostId);
    }
    /** Every known host, in the order first seen. */
    all() {
        return [...this.#hosts.values()];
    }
    /**
     * An agent said hello. A second agent (another run id) for a host whose agent is
     * connected and online is refused: the first keeps streaming. The same run id
     * is the same agent process, which holds one connection at a time, so its older
     * connection is dead (a path that stalled without a close): the new one replaces
     * it at once instead of waiting for the idle timeout. So does any agent once the
     * host went offline, since its connected agent has stopped sending. A new run id
     * starts a new run; the old run's samples stay in the history.
     */
    connect(hello) {
        const now = this.#nowMs();
        let host = this.#hosts.get(hello.hostId);
        const replaced = host?.connected === true;
        if (host?.connected && host.online && host.runId !== hello.runId)
            return { ok: false, fault: 'hostIdConflict' };
        if (!host) {
            host = this.#newHost(hello, now, true);
            this.#hosts.set(host.hostId, host);
        }
        else {
            host.inventory = hello.inventory;
            host.intervalMs = hello.intervalMs;
            host.runId = hello.runId;
            host.connected = true;
            this.#markSeen(host, now);
        }
        this.#store.saveHost(host.hostId, savedHostJson(host));
        this.#events.hostChanged(host.hostId);
        return { ok: true, lastSeq: host.history.lastSeqOf(hello.runId), replaced };
    }
    /** The host's agent closed its socket; the host turns offline only once its intervals pass. */
    disconnect(hostId) {
        const host = this.#hosts.get(hostId);
        if (host)
            host.connected = false;
    }
    /**
     * Stores one sample of the host's current run. A seq the run already holds is
     * dropped, so a replay after a reconnect never stores twice.
     */
    addSample(sample) {
        const host = this.#hosts.get(sample.hostId);
        if (!host || host.runId !== sample.runId)
            return 'unknownHost';
        return this.#keepSample(host, { ...sample, hubRxMs: this.#nowMs() }, true);
    }
    /**
     * A hello another hub accepted, from the bus: the host as that hub's agent described
     * it at `hubRxMs`. A replica is never `connected` (no agent socket here); it is online
     * while its samples keep coming. A host whose agent is connected here keeps its own run.
     */
    replicaHello(hello, hubRxMs) {
        let host = this.#hosts.get(hello.hostId);
        if (host?.connected)
            return;
        if (!host) {
            host = this.#newHost(hello, hubRxMs, false);
            this.#hosts.set(host.hostId, host);
        }
        else {
            host.inventory = hello.inventory;
            host.intervalMs = hello.intervalMs;
            host.runId = hello.runId;
        }
        this.#seenAt(host, hubRxMs);
        this.#store.saveHost(host.hostId, savedHostJson(host));
        this.#events.hostChanged(host.hostId);
    }
    /**
     * A sample another hub stored, from the bus, with that hub's hubRxMs. Any run of a
     * known host is kept (a back-fill brings older runs too); a (run, seq) already held
     * is a duplicate, so replaying the bus stores nothing twice.
     */
    replicaSample(sample) {
        const host = this.#hosts.get(sample.hostId);
        if (!host)
            return 'unknownHost';
        return this.#keepSample(host, sample, false);
    }
    /** A status change from the hub holding the host's agent: an offline newer than what this hub saw turns the replica offline now. */
    replicaStatus(status) {
        const host = this.#hosts.get(status.hostId);
        if (!host || host.connected || status.runId !== host.runId)
            return;
        if (status.online)
            this.#seenAt(host, status.lastSeenMs);
        else if (host.online && status.lastSeenMs >= host.lastSeenMs)
            this.#setOnline(host, false);
    }
    #keepSample(host, stored, local) {
        const result = host.history.add(stored, (runId, seq) => this.#store.holdsOnDisk(host.hostId, runId, seq));
        if (result === 'duplicate')
            return 'duplicate';
        if (stored.runId === host.runId) {
            const latest = host.latest;
            if (!latest || latest.runId !== stored.runId || latest.seq < stored.seq) {
                host.latest = stored;
                host.cpuPctRecent.push(cpuUsedPct(stored));
            }
            if (stored.fs)
                host.fs = stored.fs;
            if (stored.temps)
                host.temps = stored.temps;
            this.#seenAt(host, stored.hubRxMs);
        }
        this.samplesTotal++;
        this.#events.sampleStored(stored, local);
        this.#events.hostChanged(host.hostId);
        return 'stored';
    }
    /**
     * Turns hosts offline once OFFLINE_AFTER_MISSED_INTERVALS of their intervals passed
     * unheard, and forgets hosts offline for longer than the store keeps any data.
     */
    checkOffline() {
        const now = this.#nowMs();
        for (const host of this.#hosts.values()) {
            if (host.online && now - host.lastSeenMs > this.#offlineLimitMs(host))
                this.#setOnline(host, false);
            if (!host.online && !host.connected && now - host.lastSeenMs > this.#store.longestKeepMs)
                this.#forget(host.hostId);
        }
    }
    /** Forgets a host and its history, unless it is online (its agent would bring it back at once). */
    remove(hostId) {
        const host = this.#hosts.get(hostId);
        if (!host)
            return 'unknown';
        if (host.online)
            return 'online';
        this.#forget(hostId);
        return 'removed';
    }
    /** Saves every host's record, so a restart knows when each was last seen. */
    saveAll() {
        for (const host of this.#hosts.values())
            this.#store.saveHost(host.hostId, savedHostJson(host));
    }
    /** Hosts in total, online, and with a connected agent. */
    counts() {
        let online = 0;
        let connected = 0;
        for (const host of this.#hosts.values()) {
            if (host.online)
                online++;
            if (host.connected)
                connected++;
        }
        return { total: this.#hosts.size, online, connected };
    }
    #forget(hostId) {
        this.#hosts.delete(hostId);
        this.#store.deleteHost(hostId);
        this.#events.hostRemoved(hostId);
    }
    #newHost(hello, seenMs, connected) {
        return {
            hostId: hello.hostId,
            inventory: hello.inventory,
            intervalMs: hello.intervalMs,
            firstSeenMs: seenMs,
            lastSeenMs: seenMs,
            runId: hello.runId,
            online: connected,
            connected,
            fs: [],
            temps: [],
            history: this.#store.history(hello.hostId),
            latest: undefined,
            cpuPctRecent: new RingBuffer(CPU_RECENT_COUNT),
        };
    }
    #offlineLimitMs(host) {
        // Half an interval of grace, so a sample that is merely late does not flap the host.
        return (OFFLINE_AFTER_MISSED_INTERVALS + 0.5) * host.intervalMs;
    }
    #markSeen(host, now) {
        host.lastSeenMs = now;
        if (!host.online)
            this.#setOnline(host, true);
    }
    /** Heard of at `ms` (a local time, or another hub's from the bus): online again unless that is already too long ago. */
    #seenAt(host, ms) {
        if (ms < host.lastSeenMs)
            return;
        host.lastSeenMs = ms;
        if (!host.online && this.#nowMs() - ms <= this.#offlineLimitMs(host))
            this.#setOnline(host, true);
    }
    #setOnline(host, online) {
        host.online = online;
        this.#store.saveHost(host.hostId, savedHostJson(host));
        this.#events.statusChanged({ type: 'host-status', hostId: host.hostId, online, runId: host.runId, lastSeenMs: host.lastSeenMs });
        this.#events.hostChanged(host.hostId);
    }
}
//# sourceMappingURL=host-registry.js.map