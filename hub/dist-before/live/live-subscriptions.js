/** What uWS's WebSocket.send returns (docs/index.d.ts): queued behind backpressure, written, or dropped. */
export const SendStatus = { backpressure: 0, success: 1, dropped: 2 };
/**
 * Which dashboard sockets hold which topics. uWS publishes without saying which
 * subscribers it skipped for backpressure; this tells, so those frames are counted
 * as dropped rather than delivered.
 */
export class LiveSubscriptions {
    #byTopic = new Map();
    /** `socket` subscribed to `topic`. */
    add(topic, socket) {
        let sockets = this.#byTopic.get(topic);
        if (!sockets) {
            sockets = new Set();
            this.#byTopic.set(topic, sockets);
        }
        sockets.add(socket);
    }
    /** `socket` left `topic` (unsubscribed, or closed). */
    remove(topic, socket) {
        const sockets = this.#byTopic.get(topic);
        if (!sockets?.delete(socket))
            return;
        if (sockets.size === 0)
            this.#byTopic.delete(topic);
    }
    /** The backlog of `topic`'s subscribers now; one over `maxBackpressure` bytes gets nothing (uWS's rule for send and publish). */
    backlog(topic, maxBackpressure) {
        const result = { backpressured: 0, dropped: 0 };
        for (const socket of this.#byTopic.get(topic) ?? []) {
            const buffered = socket.getBufferedAmount();
            if (buffered > maxBackpressure)
                result.dropped++;
            else if (buffered > 0)
                result.backpressured++;
        }
        return result;
    }
}
//# sourceMappingURL=live-subscriptions.js.map