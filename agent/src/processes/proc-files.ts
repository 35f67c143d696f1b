import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Reads small procfs files synchronously into one reused buffer. Measured on 413
 * processes: reading every /proc/<pid>/stat this way costs 6 ms of CPU, against
 * 10 ms with readFileSync and 53 ms with fs/promises, whose thread-pool round trip
 * per file dominates. procfs files are made in memory, so a synchronous read never
 * waits on a disk.
 */
export class ProcFiles {
  readonly #buffer: Buffer;

  /** `maxBytes`: the most read of any file; the rest is left unread. */
  constructor(maxBytes = 8192) {
    this.#buffer = Buffer.allocUnsafe(maxBytes);
  }

  /** The file's first bytes, copied out; null when it cannot be read (its process exited, or access is denied). */
  bytes(path: string, maxBytes = this.#buffer.length): Buffer | null {
    const n = this.#read(path, Math.min(maxBytes, this.#buffer.length));
    return n === null ? null : Buffer.from(this.#buffer.subarray(0, n));
  }

  /** The file's text, byte for byte as latin1 (procfs numbers and names are ASCII); null when it cannot be read. */
  text(path: string): string | null {
    const n = this.#read(path, this.#buffer.length);
    return n === null ? null : this.#buffer.toString('latin1', 0, n);
  }

  #read(path: string, maxBytes: number): number | null {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      return readSync(fd, this.#buffer, 0, maxBytes, 0);
    } catch {
      return null;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}
