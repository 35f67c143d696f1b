/** Poll exchanges kept per inspected client. */
export const INSPECT_EXCHANGES = 50;
/** A client stays inspected this long after its last GET /api/inspect. */
export const INSPECT_WATCH_MS = 10_000;
/** Most clients inspected at once; a new one pushes out the one watched longest ago. */
export const INSPECT_MAX_CLIENTS = 16;
/**
 * Poll exchanges of the clients whose wire inspector is open. A client is recorded
 * only while it keeps asking for its record (GET /api/inspect), so the hub spends
 * nothing on the thousands of pollers nobody inspects.
 */
export class PollInspector {
    #clients = new Map();
    /** Whether requests of this client are being recorded. */
    isWatched(clientId, nowMs) {
        const entry = this.#clients.get(clientId);
        return entry !== undefined && entry.untilMs >= nowMs;
    }
    /** Keeps recording this client for INSPECT_WATCH_MS more and returns its exchanges so far, oldest first. */
    watch(clientId, nowMs) {
        for (const [id, entry] of this.#clients)
            if (entry.untilMs < nowMs)
                this.#clients.delete(id);
        const entry = this.#clients.get(clientId) ?? { untilMs: 0, exchanges: [] };
        this.#clients.delete(clientId);
        entry.untilMs = nowMs + INSPECT_WATCH_MS;
        this.#clients.set(clientId, entry);
        // Map order is insertion order: the first key is the client watched longest ago.
        if (this.#clients.size > INSPECT_MAX_CLIENTS)
            this.#clients.delete(this.#clients.keys().next().value);
        return [...entry.exchanges];
    }
    /** Records one exchange of a watched client; does nothing for others. */
    record(clientId, exchange) {
        const entry = this.#clients.get(clientId);
        if (!entry)
            return;
        entry.exchanges.push(exchange);
        if (entry.exchanges.length > INSPECT_EXCHANGES)
            entry.exchanges.shift();
    }
}
//# sourceMappingURL=poll-inspector.js.map