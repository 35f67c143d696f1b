import { setTimeout as sleep } from 'node:timers/promises';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { BUS_STREAM } from '@hostpulse/protocol';
import { ensureStream } from './nats-setup.js';
/** State key of how far this hub has read the stream (kept with a data dir). */
const POSITION_KEY = 'bus/position';
/**
 * After a restart the hub reads again from this long before its saved position: what
 * it read last may not have reached its disk yet (open chunks are written every 10 s),
 * and reading twice stores nothing twice.
 */
export const RESUME_OVERLAP_MS = 60_000;
/**
 * Reads the whole stream in order with an ordered consumer, for ever: from its start
 * on a first start, from where it stopped after a lost link (the client resumes it
 * across reconnects, and this loop makes a new one if it fails), and with a data dir
 * from a little before where the previous process stopped.
 */
export class StreamReader {
    #o;
    #position = { streamCreated: '', seq: 0, tsMs: 0 };
    #fromDisk = false;
    #savedSeq = 0;
    #messages = null;
    #stopped = false;
    /** Messages read from other hubs. */
    read = 0;
    /** Stream messages not read yet, as of the last one read. */
    pending = 0;
    constructor(options) {
        this.#o = options;
        const saved = options.store.readState(POSITION_KEY)[0];
        if (saved) {
            this.#position = JSON.parse(saved[1]);
            this.#fromDisk = true;
        }
    }
    /** Time of the newest message read. */
    get lastReadTsMs() {
        return this.#position.tsMs;
    }
    /** Reads until stopped. */
    async run(nc) {
        const js = jetstream(nc);
        while (!this.#stopped) {
            try {
                const stream = await ensureStream(nc, this.#o.maxAgeMs);
                if (stream.created !== this.#position.streamCreated || this.#position.seq > stream.lastSeq)
                    this.#position = { streamCreated: stream.created, seq: 0, tsMs: 0 };
                const consumer = await js.consumers.get(BUS_STREAM, this.#startAt());
                this.#fromDisk = false;
                this.#messages = await consumer.consume({ max_messages: 512 });
                for await (const m of this.#messages)
                    this.#take(m);
            }
            catch (err) {
                if (this.#stopped)
                    return;
                this.#o.onError(err);
                await sleep(1000);
            }
        }
    }
    /** Saves the position when it moved (a data dir keeps it). */
    save() {
        if (this.#position.seq === this.#savedSeq || !this.#o.store.isPersistent)
            return;
        this.#savedSeq = this.#position.seq;
        this.#o.store.putState(POSITION_KEY, JSON.stringify(this.#position));
    }
    /** Stops reading and saves the position. */
    stop() {
        this.#stopped = true;
        this.#messages?.stop();
        this.save();
    }
    #startAt() {
        const { seq, tsMs } = this.#position;
        if (seq === 0)
            return { deliver_policy: DeliverPolicy.All };
        if (this.#fromDisk)
            return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(Math.max(0, tsMs - RESUME_OVERLAP_MS)).toISOString() };
        return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq + 1 };
    }
    #take(m) {
        this.#position.seq = m.seq;
        this.#position.tsMs = Math.floor(m.info.timestampNanos / 1e6);
        this.pending = m.info.pending;
        if (this.#o.isOwn(m))
            return;
        this.read++;
        this.#o.onMessage(m.subject, m.string());
    }
}
//# sourceMappingURL=stream-reader.js.map