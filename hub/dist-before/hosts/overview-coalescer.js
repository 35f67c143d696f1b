/**
 * Coalesces host changes into overview frames: however many samples arrive
 * within one window, each changed host appears once in the window's frame, with
 * its latest state. `version` grows with every change and is the /api/overview
 * ETag; each host's last-changed version lets a poll ask for what changed since.
 */
export class OverviewCoalescer {
    #firstVersion;
    #version;
    #changed = new Set();
    #changedAt = new Map();
    /** Hosts forgotten, with the version of their removal (a host that comes back leaves this map). */
    #removedAt = new Map();
    #removed = new Set();
    #summaryOf;
    #hostIds;
    #onPending;
    constructor({ summaryOf, hostIds, firstVersion = 0, onPending = () => { } }) {
        this.#summaryOf = summaryOf;
        this.#hostIds = hostIds;
        this.#firstVersion = firstVersion;
        this.#version = firstVersion;
        this.#onPending = onPending;
    }
    /** Current version; changes whenever any host's overview line does. */
    get version() {
        return this.#version;
    }
    /** Whether a change waits for the next frame. */
    get pending() {
        return !this.#isEmpty();
    }
    /** Whether a change waits for the next frame. */
    #isEmpty() {
        return this.#changed.size === 0 && this.#removed.size === 0;
    }
    /** Notes that a host's line changed. */
    markChanged(hostId) {
        const first = this.#isEmpty();
        this.#version++;
        this.#changedAt.set(hostId, this.#version);
        this.#removedAt.delete(hostId);
        this.#removed.delete(hostId);
        this.#changed.add(hostId);
        if (first)
            this.#onPending();
    }
    /** Notes that the hub forgot a host: the next frame lists it as removed. */
    markRemoved(hostId) {
        const first = this.#isEmpty();
        this.#version++;
        this.#changedAt.delete(hostId);
        this.#changed.delete(hostId);
        this.#removedAt.set(hostId, this.#version);
        this.#removed.add(hostId);
        if (first)
            this.#onPending();
    }
    /** Every host with its sparkline: a new subscriber's first frame and GET /api/overview. */
    fullFrame(hubTimeMs) {
        return { type: 'overview', full: true, version: this.#version, hubTimeMs, hosts: this.#summaries(this.#hostIds(), true) };
    }
    /** The changed hosts as one frame, or null when nothing changed (so nothing is published). */
    flush(hubTimeMs) {
        if (this.#isEmpty())
            return null;
        const hosts = this.#summaries(this.#changed, false);
        const frame = { type: 'overview', full: false, version: this.#version, hubTimeMs, hosts };
        if (this.#removed.size > 0)
            frame.removed = [...this.#removed];
        this.#changed.clear();
        this.#removed.clear();
        return frame;
    }
    /**
     * Which hosts a poll holding `since` lacks. A since from before this hub's first
     * version (another hub process) gets everything; one beyond the current version
     * was never handed out.
     */
    changedSince(since) {
        if (since > this.#version)
            return { kind: 'future' };
        if (since < this.#firstVersion)
            return { kind: 'full' };
        const hostIds = [];
        for (const [hostId, version] of this.#changedAt)
            if (version > since)
                hostIds.push(hostId);
        const removed = [];
        for (const [hostId, version] of this.#removedAt)
            if (version > since)
                removed.push(hostId);
        return { kind: 'delta', hostIds, removed };
    }
    /** Summaries of these hosts without sparklines, for a poll delta. */
    summaries(hostIds) {
        return this.#summaries(hostIds, false);
    }
    #summaries(hostIds, withRecent) {
        const hosts = [];
        for (const hostId of hostIds) {
            const summary = this.#summaryOf(hostId, withRecent);
            if (summary)
                hosts.push(summary);
        }
        return hosts;
    }
}
//# sourceMappingURL=overview-coalescer.js.map