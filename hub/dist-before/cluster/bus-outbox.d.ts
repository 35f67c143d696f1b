/** One message for the stream, with the id JetStream dedupes it by. */
export interface OutboxItem {
    subject: string;
    data: string;
    msgId: string;
}
/** Publishes one message; resolves once JetStream stored it, rejects when it did not answer. */
export type StorePublish = (item: OutboxItem) => Promise<void>;
/** How an outbox publishes and how much it holds. */
export interface OutboxOptions {
    publish: StorePublish;
    /** Most bytes waiting; past it the oldest go (counted by onDrop). */
    maxBytes: number;
    /** Publishes awaiting JetStream's answer at once. */
    maxInFlight?: number;
    /** After a failed publish, the next attempt waits this long (or until retryNow). */
    retryMs?: number;
    onDrop: (count: number) => void;
    onFailure: (err: Error) => void;
}
/**
 * What this hub publishes to the stream, in order, until JetStream has stored it.
 * While NATS is away messages wait here (up to maxBytes) and go out in order when it
 * returns, so other hubs back-fill them. A failed publish is sent again with its
 * message id, so JetStream stores it once even when only the answer was lost.
 */
export declare class BusOutbox {
    #private;
    /** Messages JetStream has stored. */
    published: number;
    constructor(options: OutboxOptions);
    /** Messages waiting or awaiting an answer. */
    get size(): number;
    /** Queues a message and publishes it as soon as the ones before it are under way. */
    add(item: OutboxItem): void;
    /** NATS is back: publish what waits now rather than at the next retry. */
    retryNow(): void;
    /** Stops publishing; what waits is dropped with the process. */
    stop(): void;
}
//# sourceMappingURL=bus-outbox.d.ts.map