import { readdirSync, readFileSync } from 'node:fs';

/** How often, at most, the open descriptors are counted again (a read of /proc/self/fd: about 2.5 ms per thousand open). */
const DESCRIPTOR_RECOUNT_MS = 1000;
/** Descriptors kept free for HTTP requests, files and the store, at least this many... */
const MIN_SPARE_DESCRIPTORS = 64;
/** ...or this share of the limit, if more. */
const SPARE_DESCRIPTOR_SHARE = 1 / 16;

/** Open descriptors and their soft limit. */
export interface Descriptors {
  open: number;
  limit: number;
}

/**
 * This process's descriptors, from /proc; null where /proc is missing (not Linux).
 * With none left even /proc cannot be read: that counts as every one open.
 */
export function readDescriptors(): Descriptors | null {
  try {
    const limit = Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Number.POSITIVE_INFINITY);
    return { open: readdirSync('/proc/self/fd').length, limit };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'EMFILE' || code === 'ENFILE' ? { open: 1, limit: 0 } : null;
  }
}

/** Why a new socket is refused: past the per-address cap, or too few descriptors left. */
export type SocketRefusal = 'tooManySockets' | 'outOfDescriptors';

/** What SocketLimits decides from. */
export interface SocketLimitsOptions {
  /** Most open sockets from one client address (--max-sockets-per-address). */
  maxPerAddress: number;
  /** Reads the process's open descriptors and their limit (readDescriptors, or a fake in tests). */
  descriptors?: () => Descriptors | null;
  nowMs?: () => number;
}

/**
 * Decides whether a WebSocket may open, before it exists: at most `maxPerAddress`
 * per client address, and only while descriptors are left over for everything
 * else (a spare of 1/16 of the limit, at least 64). Out of descriptors, Node and
 * uWS fail at whatever opens a file or accepts a socket next; refusing the
 * upgrade first keeps the sockets already held, /healthz and the store working.
 * The open count is read at most once a second; sockets admitted since count as
 * open, so a burst cannot run past the limit between two reads.
 */
export class SocketLimits {
  readonly #maxPerAddress: number;
  readonly #descriptors: () => Descriptors | null;
  readonly #nowMs: () => number;
  readonly #byAddress = new Map<string, number>();
  #reading: Descriptors | null = null;
  #readAtMs = Number.NEGATIVE_INFINITY;
  #admittedSinceRead = 0;

  constructor({ maxPerAddress, descriptors = readDescriptors, nowMs = Date.now }: SocketLimitsOptions) {
    this.#maxPerAddress = maxPerAddress;
    this.#descriptors = descriptors;
    this.#nowMs = nowMs;
  }

  /** Why a socket from `address` may not open now, or null when it may (then call opened and closed). */
  refusal(address: string): SocketRefusal | null {
    if ((this.#byAddress.get(address) ?? 0) >= this.#maxPerAddress) return 'tooManySockets';
    const now = this.#nowMs();
    if (now - this.#readAtMs >= DESCRIPTOR_RECOUNT_MS) {
      this.#reading = this.#descriptors();
      this.#readAtMs = now;
      this.#admittedSinceRead = 0;
    }
    if (this.#reading === null || !Number.isFinite(this.#reading.limit)) return null;
    const { open, limit } = this.#reading;
    const spare = Math.max(MIN_SPARE_DESCRIPTORS, Math.floor(limit * SPARE_DESCRIPTOR_SHARE));
    return open + this.#admittedSinceRead + spare >= limit ? 'outOfDescriptors' : null;
  }

  /** A socket from `address` opened. */
  opened(address: string): void {
    this.#byAddress.set(address, (this.#byAddress.get(address) ?? 0) + 1);
    this.#admittedSinceRead++;
  }

  /** A socket from `address` closed. */
  closed(address: string): void {
    const count = (this.#byAddress.get(address) ?? 0) - 1;
    if (count > 0) this.#byAddress.set(address, count);
    else this.#byAddress.delete(address);
  }
}
