import type { Sample } from '@hostpulse/protocol';

/** One buffered sample, kept as the frame that carries it so a replay sends it as is. */
export interface BufferedSample {
  seq: number;
  frame: string;
}

/**
 * The agent's recent samples in a bounded ring, oldest dropped first. It holds
 * samples whether or not they were sent, so a hub that restarts (and answers
 * lastSeq 0) can be sent the whole window it missed. Seqs in the ring are
 * consecutive, so finding the next one to send is an index computation.
 */
export class SampleBuffer {
  readonly #ring: (BufferedSample | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
    this.#ring = new Array<BufferedSample | undefined>(capacity);
  }

  /** Number of samples held. */
  get size(): number {
    return this.#size;
  }

  /** Seq of the newest sample, 0 when empty. */
  get lastSeq(): number {
    return this.#size === 0 ? 0 : this.#at(this.#size - 1).seq;
  }

  /** Seq of the oldest sample, 0 when empty. */
  get firstSeq(): number {
    return this.#size === 0 ? 0 : this.#at(0).seq;
  }

  /** Adds the newest sample; its seq must follow the previous one. */
  push(sample: Sample): void {
    if (this.#size > 0 && sample.seq !== this.lastSeq + 1) {
      throw new RangeError(`sample seq ${sample.seq} does not follow ${this.lastSeq}`);
    }
    const entry = { seq: sample.seq, frame: JSON.stringify({ type: 'sample', sample }) };
    if (this.#size < this.capacity) {
      this.#ring[(this.#start + this.#size) % this.capacity] = entry;
      this.#size += 1;
    } else {
      this.#ring[this.#start] = entry;
      this.#start = (this.#start + 1) % this.capacity;
    }
  }

  /** The oldest sample with a seq above `seq`, or undefined when none is held. */
  next(seq: number): BufferedSample | undefined {
    if (this.#size === 0 || seq >= this.lastSeq) return undefined;
    return this.#at(Math.max(0, seq + 1 - this.firstSeq));
  }

  #at(index: number): BufferedSample {
    return this.#ring[(this.#start + index) % this.capacity]!;
  }
}
