/** What uWS's WebSocket.send returns (docs/index.d.ts): queued behind backpressure, written, or dropped. */
export declare const SendStatus: {
    readonly backpressure: 0;
    readonly success: 1;
    readonly dropped: 2;
};
/** A socket as far as its backlog goes. */
export interface Backlogged {
    getBufferedAmount(): number;
}
/** How the subscribers of a topic stand when a frame is published to it. */
export interface TopicBacklog {
    /** Subscribers with bytes still waiting: the frame queues behind them. */
    backpressured: number;
    /** Subscribers over the backpressure limit: uWS skips them, the frame never reaches them. */
    dropped: number;
}
/**
 * Which dashboard sockets hold which topics. uWS publishes without saying which
 * subscribers it skipped for backpressure; this tells, so those frames are counted
 * as dropped rather than delivered.
 */
export declare class LiveSubscriptions<S extends Backlogged> {
    #private;
    /** `socket` subscribed to `topic`. */
    add(topic: string, socket: S): void;
    /** `socket` left `topic` (unsubscribed, or closed). */
    remove(topic: string, socket: S): void;
    /** The backlog of `topic`'s subscribers now; one over `maxBackpressure` bytes gets nothing (uWS's rule for send and publish). */
    backlog(topic: string, maxBackpressure: number): TopicBacklog;
}
//# sourceMappingURL=live-subscriptions.d.ts.map