import type { NatsConnection } from '@nats-io/transport-node';
import { type JsMsg } from '@nats-io/jetstream';
import type { StateStore } from '../store/state-store.js';
/**
 * After a restart the hub reads again from this long before its saved position: what
 * it read last may not have reached its disk yet (open chunks are written every 10 s),
 * and reading twice stores nothing twice.
 */
export declare const RESUME_OVERLAP_MS = 60000;
/** What a reader needs. */
export interface StreamReaderOptions {
    store: StateStore;
    maxAgeMs: number;
    /** Whether a message is this hub's own echo, skipped unread. */
    isOwn: (m: JsMsg) => boolean;
    onMessage: (subject: string, text: string) => void;
    onError: (err: Error) => void;
}
/**
 * Reads the whole stream in order with an ordered consumer, for ever: from its start
 * on a first start, from where it stopped after a lost link (the client resumes it
 * across reconnects, and this loop makes a new one if it fails), and with a data dir
 * from a little before where the previous process stopped.
 */
export declare class StreamReader {
    #private;
    /** Messages read from other hubs. */
    read: number;
    /** Stream messages not read yet, as of the last one read. */
    pending: number;
    constructor(options: StreamReaderOptions);
    /** Time of the newest message read. */
    get lastReadTsMs(): number;
    /** Reads until stopped. */
    run(nc: NatsConnection): Promise<void>;
    /** Saves the position when it moved (a data dir keeps it). */
    save(): void;
    /** Stops reading and saves the position. */
    stop(): void;
}
//# sourceMappingURL=stream-reader.d.ts.map