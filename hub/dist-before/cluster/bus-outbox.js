/**
 * What this hub publishes to the stream, in order, until JetStream has stored it.
 * While NATS is away messages wait here (up to maxBytes) and go out in order when it
 * returns, so other hubs back-fill them. A failed publish is sent again with its
 * message id, so JetStream stores it once even when only the answer was lost.
 */
export class BusOutbox {
    #o;
    #entries = [];
    #head = 0;
    #bytes = 0;
    #inFlight = 0;
    #failed = false;
    #retry;
    #stopped = false;
    /** Messages JetStream has stored. */
    published = 0;
    constructor(options) {
        this.#o = { maxInFlight: 64, retryMs: 1000, ...options };
    }
    /** Messages waiting or awaiting an answer. */
    get size() {
        return this.#entries.length - this.#head;
    }
    /** Queues a message and publishes it as soon as the ones before it are under way. */
    add(item) {
        this.#entries.push({ ...item, done: false, sent: false });
        this.#bytes += item.data.length;
        this.#trim();
        this.#pump();
    }
    /** NATS is back: publish what waits now rather than at the next retry. */
    retryNow() {
        if (!this.#failed || this.#inFlight > 0)
            return;
        clearTimeout(this.#retry);
        this.#resume();
    }
    /** Stops publishing; what waits is dropped with the process. */
    stop() {
        this.#stopped = true;
        clearTimeout(this.#retry);
    }
    #pump() {
        if (this.#failed || this.#stopped)
            return;
        for (let i = this.#head; i < this.#entries.length && this.#inFlight < this.#o.maxInFlight; i++) {
            const entry = this.#entries[i];
            if (entry.sent)
                continue;
            entry.sent = true;
            this.#inFlight++;
            this.#o.publish(entry).then(() => this.#settled(entry, null), (err) => this.#settled(entry, err));
        }
    }
    #settled(entry, err) {
        this.#inFlight--;
        if (err === null) {
            entry.done = true;
            this.published++;
            this.#advance();
        }
        else if (!this.#failed) {
            this.#failed = true;
            this.#o.onFailure(err);
        }
        if (!this.#failed)
            return this.#pump();
        // Every answer is in: send again, in order, whatever is not stored yet.
        if (this.#inFlight === 0) {
            for (let i = this.#head; i < this.#entries.length; i++)
                this.#entries[i].sent = this.#entries[i].done;
            this.#trim();
            clearTimeout(this.#retry);
            this.#retry = setTimeout(() => this.#resume(), this.#o.retryMs);
        }
    }
    #resume() {
        this.#failed = false;
        this.#pump();
    }
    #advance() {
        while (this.#head < this.#entries.length && this.#entries[this.#head].done) {
            this.#bytes -= this.#entries[this.#head].data.length;
            this.#head++;
        }
        if (this.#head > 4096 && this.#head * 2 > this.#entries.length) {
            this.#entries = this.#entries.slice(this.#head);
            this.#head = 0;
        }
    }
    /** Drops the oldest waiting messages past maxBytes; never one awaiting an answer. */
    #trim() {
        let dropped = 0;
        while (this.#bytes > this.#o.maxBytes && this.#head < this.#entries.length && !this.#entries[this.#head].sent) {
            this.#bytes -= this.#entries[this.#head].data.length;
            this.#head++;
            dropped++;
        }
        if (dropped > 0) {
            this.#advance();
            this.#o.onDrop(dropped);
        }
    }
}
//# sourceMappingURL=bus-outbox.js.map