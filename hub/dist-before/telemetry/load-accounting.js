/** A polling client counts as connected this long after its last request. */
export const POLL_CLIENT_WINDOW_MS = 5000;
const emptyTotals = () => ({ requests: 0, notModified: 0, frames: 0, dropped: 0, backpressured: 0, payloadBytes: 0, wireBytes: 0 });
/** Turns a growing total into a per-second rate between two `update` calls. */
export class RateMeter {
    #lastTotal = 0;
    #lastMs;
    /** Rate over the last update interval, per second. */
    perSec = 0;
    constructor(startMs) {
        this.#lastMs = startMs;
    }
    /** Recomputes the rate from the total now. */
    update(total, nowMs) {
        const elapsedSec = (nowMs - this.#lastMs) / 1000;
        if (elapsedSec <= 0)
            return;
        this.perSec = (total - this.#lastTotal) / elapsedSec;
        this.#lastTotal = total;
        this.#lastMs = nowMs;
    }
}
class TransportCounter {
    totals = emptyTotals();
    rates = emptyTotals();
    #previous = emptyTotals();
    #previousMs;
    constructor(startMs) {
        this.#previousMs = startMs;
    }
    tick(nowMs) {
        const elapsedSec = (nowMs - this.#previousMs) / 1000;
        if (elapsedSec <= 0)
            return;
        for (const key of Object.keys(this.totals)) {
            this.rates[key] = (this.totals[key] - this.#previous[key]) / elapsedSec;
        }
        this.#previous = { ...this.totals };
        this.#previousMs = nowMs;
    }
    stats(clients) {
        const share = this.rates.requests > 0 ? Math.min(1, this.rates.notModified / this.rates.requests) : 0;
        return {
            clients,
            requestsPerSec: this.rates.requests,
            notModifiedPerSec: this.rates.notModified,
            notModifiedShare: share,
            framesPerSec: this.rates.frames,
            droppedPerSec: this.rates.dropped,
            payloadBytesPerSec: this.rates.payloadBytes,
            wireBytesPerSec: this.rates.wireBytes,
            totals: { ...this.totals },
        };
    }
}
/**
 * What each transport costs the hub: requests, 304s, frames (delivered or queued),
 * frames dropped for backpressure, payload and wire bytes as totals, and
 * per-second rates over the interval between `tick`s.
 * Payload bytes are the bodies the hub sends; wire bytes add every header and
 * the bytes clients send.
 */
export class LoadAccounting {
    #counters;
    #pollClients = new Map();
    #nowMs;
    constructor(nowMs = Date.now) {
        this.#nowMs = nowMs;
        const start = nowMs();
        this.#counters = { push: new TransportCounter(start), poll: new TransportCounter(start) };
    }
    /** A request (HTTP request, or a message a dashboard sent) of `wireBytes` arrived. */
    recordRequest(transport, wireBytes) {
        const totals = this.#counters[transport].totals;
        totals.requests++;
        totals.wireBytes += wireBytes;
    }
    /** `count` frames (WebSocket messages, or HTTP responses with a body) went out. */
    recordFrames(transport, count, payloadBytes, wireBytes) {
        const totals = this.#counters[transport].totals;
        totals.frames += count;
        totals.payloadBytes += payloadBytes * count;
        totals.wireBytes += wireBytes * count;
    }
    /** `count` frames were dropped (their socket was over its backpressure limit): never delivered, so not among the frames. */
    recordDropped(transport, count) {
        this.#counters[transport].totals.dropped += count;
    }
    /** `count` of the frames recorded went out behind a backlog (uWS queued them); they count as frames too. */
    recordBackpressured(transport, count) {
        this.#counters[transport].totals.backpressured += count;
    }
    /** A response with no body went out; `notModified` when it was a 304. */
    recordBodiless(transport, wireBytes, notModified) {
        const totals = this.#counters[transport].totals;
        if (notModified)
            totals.notModified++;
        totals.wireBytes += wireBytes;
    }
    /** Bytes that are neither request nor frame, such as a WebSocket handshake. */
    recordWire(transport, wireBytes) {
        this.#counters[transport].totals.wireBytes += wireBytes;
    }
    /** A polling client (its client id header, or its address) made a request. */
    seePollClient(clientId) {
        this.#pollClients.set(clientId, this.#nowMs());
    }
    /** Distinct polling clients seen in the last POLL_CLIENT_WINDOW_MS. */
    pollClients() {
        const cutoff = this.#nowMs() - POLL_CLIENT_WINDOW_MS;
        for (const [id, seenMs] of this.#pollClients) {
            if (seenMs < cutoff)
                this.#pollClients.delete(id);
        }
        return this.#pollClients.size;
    }
    /** Closes a rate interval: rates now cover the time since the previous tick. */
    tick() {
        const now = this.#nowMs();
        this.#counters.push.tick(now);
        this.#counters.poll.tick(now);
    }
    /** Both transports' figures; push clients are the open /live sockets, counted by the caller. */
    stats(pushClients) {
        return { push: this.#counters.push.stats(pushClients), poll: this.#counters.poll.stats(this.pollClients()) };
    }
}
//# sourceMappingURL=load-accounting.js.map