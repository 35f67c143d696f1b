import { decodeBlock, encodeBlock } from './chunk-codec.js';
import { CHUNK_ROWS, RowBlock } from './row-block.js';
/**
 * Rows of a host's first chunk in a hub process: fewer than CHUNK_ROWS by an amount
 * taken from its id, so hosts that start together (a hub restart, a fleet rollout)
 * do not all seal in the same second ever after.
 */
export function firstChunkRows(hostId) {
    let hash = 0;
    for (let i = 0; i < hostId.length; i++)
        hash = (hash * 31 + hostId.charCodeAt(i)) >>> 0;
    return CHUNK_ROWS - (hash % (CHUNK_ROWS / 2));
}
/**
 * One host's recent samples in memory: the open chunk being filled, column by
 * column, and the sealed chunks of the window, compressed. Nothing holds sample
 * objects; a sample is rebuilt from its columns when it is sent. Encoding is work
 * done later, in slices (`encodeNext`, driven by the store), so a thousand hosts
 * sealing in the same second do not hold up the event loop: a sealed chunk stays
 * readable as columns until its turn, then goes to the sink (disk) encoded; the
 * open one is written early when asked (`requestFlush`).
 */
export class HostHistory {
    hostId;
    #head = null;
    #chunks = [];
    #sink;
    /** Newest seq held per run (memory or disk), for welcome.lastSeq and duplicates. */
    #lastSeq = new Map();
    #headFlushedRows = 0;
    /** Sealed chunks waiting to be encoded. */
    #unencoded = 0;
    #flushWanted = false;
    /** Whether a chunk of this host has sealed in this process (its first is shorter; see #nextCapacity). */
    #sealedAny = false;
    #onWork;
    /**
     * `onWork` is told when encoding work is waiting (`sealed` when it is a sealed
     * chunk, false for an early write): the store then calls `encodeNext` until it
     * says none is left.
     */
    constructor(hostId, sink, onWork = () => { }) {
        this.hostId = hostId;
        this.#sink = sink;
        this.#onWork = onWork;
    }
    /** Takes chunks read back from disk at start-up (oldest first) and the newest seq of the host's runs. */
    restore(chunks, lastSeqs) {
        for (const chunk of chunks)
            this.#chunks.push({ ...chunk, rolledUp: true, decoded: undefined });
        for (const [runId, seq] of lastSeqs)
            this.#lastSeq.set(runId, seq);
    }
    /** Newest seq the hub holds of this run, 0 when none. */
    lastSeqOf(runId) {
        return this.#lastSeq.get(runId) ?? 0;
    }
    /**
     * Stores a sample. One with a seq its run already passed is a duplicate when held
     * (`isHeldElsewhere` asks the disk for seqs older than memory); otherwise it is a
     * late sample and gets a chunk of its own.
     */
    add(sample, isHeldElsewhere) {
        const last = this.lastSeqOf(sample.runId);
        if (sample.seq <= last) {
            if (this.#holds(sample.runId, sample.seq) || isHeldElsewhere(sample.runId, sample.seq))
                return 'duplicate';
            const late = new RowBlock(sample.runId, 1);
            late.append(sample);
            this.#keep(late);
            return 'stored';
        }
        if (this.#head && !this.#head.accepts(sample))
            this.seal();
        this.#head ??= new RowBlock(sample.runId, this.#nextCapacity());
        this.#head.append(sample);
        this.#lastSeq.set(sample.runId, sample.seq);
        return 'stored';
    }
    /** Seals the open chunk: it joins the window, to be encoded and sent to the sink in its turn. */
    seal() {
        const head = this.#head;
        if (!head || head.n === 0)
            return;
        this.#head = null;
        this.#headFlushedRows = 0;
        this.#flushWanted = false;
        this.#keep(head);
    }
    /** Asks for the open chunk to be written early, when it gained rows since, so a crash loses little. */
    requestFlush() {
        const head = this.#head;
        if (!this.#sink || !head || head.n === this.#headFlushedRows || this.#flushWanted)
            return;
        this.#flushWanted = true;
        this.#onWork(false);
    }
    /**
     * Does one piece of waiting work: encodes the oldest sealed chunk not yet encoded
     * and sends it to the sink ('sealed'), or else writes the open chunk early when
     * asked ('flush'). Returns null when nothing was waiting.
     */
    encodeNext() {
        if (this.#unencoded > 0) {
            const chunk = this.#chunks.find((c) => c.bytes === null);
            chunk.bytes = encodeBlock(chunk.decoded.toBlock());
            chunk.decoded = undefined;
            this.#unencoded--;
            this.#sink?.chunk({ ...chunk, bytes: chunk.bytes }, true);
            return 'sealed';
        }
        const head = this.#head;
        if (!this.#flushWanted || !this.#sink || !head)
            return null;
        this.#flushWanted = false;
        this.#headFlushedRows = head.n;
        this.#sink.chunk({ ...this.#describe(head), bytes: encodeBlock(head.toBlock()) }, false);
        return 'flush';
    }
    /** Notes that the disk holds the roll-ups of the chunk of `runId` starting at `firstSeq`. */
    markRolledUp(runId, firstSeq) {
        const chunk = this.#chunks.find((c) => c.runId === runId && c.firstSeq === firstSeq);
        if (chunk)
            chunk.rolledUp = true;
    }
    /**
     * Drops sealed chunks that end before `ms` from memory once the disk holds them,
     * and any that end before `forceMs` (a disk that stays full must not fill memory).
     * Returns how many rows were dropped before the disk took them.
     */
    evictBefore(ms, forceMs) {
        let drop = 0;
        let lost = 0;
        for (const chunk of this.#chunks) {
            if (chunk.bytes === null || chunk.toMs >= ms || !(chunk.rolledUp || chunk.toMs < forceMs))
                break;
            if (!chunk.rolledUp)
                lost += chunk.rows;
            drop++;
        }
        if (drop > 0)
            this.#chunks.splice(0, drop);
        return lost;
    }
    /** Start of the oldest sample held in memory, or undefined when none. */
    get oldestMs() {
        return this.#chunks[0]?.fromMs ?? (this.#head && this.#head.n > 0 ? this.#head.tsMs(0) : undefined);
    }
    /**
     * Samples of run `runId` after `afterSeq`, oldest first, at most the newest `limit`.
     * With no run, the newest `limit` samples across runs.
     */
    samplesAfter(runId, afterSeq, limit) {
        const rows = [];
        // Runs rank by their oldest block seen here, so runs come in time order and each run in seq order.
        const runRank = new Map();
        let position = this.#chunks.length + 1;
        const take = (block) => {
            runRank.set(block.runId, position--);
            for (let i = block.n - 1; i >= 0; i--)
                if (runId === undefined || block.seq(i) > afterSeq)
                    rows.push([block, i, 0]);
        };
        const head = this.#head;
        if (head && head.n > 0 && (runId === undefined || head.runId === runId))
            take(head);
        // Chunks of a run hold rising seqs in time order (a late sample's own chunk aside), so the newest come first.
        for (let c = this.#chunks.length - 1; c >= 0 && rows.length < limit; c--) {
            const chunk = this.#chunks[c];
            if (runId !== undefined && (chunk.runId !== runId || chunk.lastSeq <= afterSeq))
                continue;
            take(this.#decode(chunk));
        }
        for (const row of rows)
            row[2] = runRank.get(row[0].runId);
        rows.sort(([a, i, ra], [b, j, rb]) => ra - rb || a.seq(i) - b.seq(j));
        return rows.slice(-limit).map(([block, i]) => block.sample(this.hostId, i));
    }
    /** Blocks with rows in [fromMs, toMs], oldest first (the open chunk last). */
    blocksBetween(fromMs, toMs) {
        const out = [];
        for (const chunk of this.#chunks) {
            if (chunk.toMs < fromMs || chunk.fromMs > toMs)
                continue;
            out.push({ rows: this.#decode(chunk), rolledUp: chunk.rolledUp });
        }
        const head = this.#head;
        if (head && head.n > 0 && head.tsMs(head.n - 1) >= fromMs && head.tsMs(0) <= toMs)
            out.push({ rows: head, rolledUp: false });
        return out;
    }
    /** Bytes held: compressed chunks and the open chunk's columns. */
    get memoryBytes() {
        let bytes = this.#head?.memoryBytes ?? 0;
        for (const chunk of this.#chunks)
            bytes += (chunk.bytes?.length ?? 0) + (chunk.decoded?.memoryBytes ?? 0);
        return bytes;
    }
    #holds(runId, seq) {
        const blocks = [...(this.#head ? [this.#head] : []), ...this.#chunks.filter((c) => c.runId === runId && c.firstSeq <= seq && c.lastSeq >= seq).map((c) => this.#decode(c))];
        return blocks.some((block) => block.runId === runId && Array.from({ length: block.n }, (_, i) => block.seq(i)).includes(seq));
    }
    /** Rows of the next open chunk: CHUNK_ROWS, or firstChunkRows before the first seal. */
    #nextCapacity() {
        return this.#sealedAny ? CHUNK_ROWS : firstChunkRows(this.hostId);
    }
    #decode(chunk) {
        return chunk.decoded ?? RowBlock.fromBlock(decodeBlock(chunk.bytes));
    }
    /** Keeps sealed rows in the window in time order, waiting to be encoded. */
    #keep(rows) {
        const chunk = { ...this.#describe(rows), bytes: null, rolledUp: this.#sink === null, decoded: rows };
        let at = this.#chunks.length;
        while (at > 0 && this.#chunks[at - 1].fromMs > chunk.fromMs)
            at--;
        this.#chunks.splice(at, 0, chunk);
        this.#unencoded++;
        this.#sealedAny = true;
        this.#onWork(true);
    }
    #describe(rows) {
        let firstSeq = Infinity;
        let lastSeq = 0;
        let fromMs = Infinity;
        let toMs = 0;
        for (let i = 0; i < rows.n; i++) {
            firstSeq = Math.min(firstSeq, rows.seq(i));
            lastSeq = Math.max(lastSeq, rows.seq(i));
            fromMs = Math.min(fromMs, rows.tsMs(i));
            toMs = Math.max(toMs, rows.tsMs(i));
        }
        return { hostId: this.hostId, runId: rows.runId, firstSeq, lastSeq, fromMs, toMs, rows: rows.n };
    }
}
//# sourceMappingURL=host-history.js.map