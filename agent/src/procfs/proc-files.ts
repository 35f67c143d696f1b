import { closeSync, openSync, readSync } from 'node:fs';

/** Reads a file from its start into `buffer`; the byte count, or null when it cannot be read (its process exited). */
function readAt(fd: number, buffer: Buffer, maxBytes: number): number | null {
  try {
    return readSync(fd, buffer, 0, maxBytes, 0);
  } catch {
    return null;
  }
}

/** Opens a file for reading; null when it cannot be opened. */
function openFile(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}

/**
 * Reads procfs files synchronously into one reused buffer, which grows to fit the
 * largest file read. procfs files are made in memory, so a synchronous read never
 * waits on a disk, and it skips what fs/promises adds per file (a thread-pool round
 * trip, an fstat, a promise). Measured on 413 processes: reading every
 * /proc/<pid>/stat so cost 6 ms of CPU, against 10 ms with readFileSync and 53 ms
 * with fs/promises.
 */
export class ProcFiles {
  #buffer = Buffer.allocUnsafe(8192);

  /** The file's first bytes, at most `maxBytes`, copied out; null when it cannot be read (its process exited, or access is denied). */
  bytes(path: string, maxBytes: number): Buffer | null {
    const fd = openFile(path);
    if (fd === null) return null;
    try {
      const n = readAt(fd, this.#grow(maxBytes), maxBytes);
      return n === null ? null : Buffer.from(this.#buffer.subarray(0, n));
    } finally {
      closeSync(fd);
    }
  }

  /** The whole file as text, byte for byte as latin1 (procfs numbers and names are ASCII); null when it cannot be read. */
  text(path: string): string | null {
    try {
      return this.read(path);
    } catch {
      return null;
    }
  }

  /** The whole file as text (latin1 unless told); throws the file system's error when it cannot be read. */
  read(path: string, encoding: BufferEncoding = 'latin1'): string {
    const fd = openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === this.#buffer.length) this.#grow(length * 2);
        // procfs builds the text as it is read: read on from where the last read stopped until it ends.
        const n = readSync(fd, this.#buffer, length, this.#buffer.length - length, length);
        if (n === 0) return this.#buffer.toString(encoding, 0, length);
        length += n;
      }
    } finally {
      closeSync(fd);
    }
  }

  #grow(bytes: number): Buffer {
    if (this.#buffer.length < bytes) {
      const bigger = Buffer.allocUnsafe(bytes);
      this.#buffer.copy(bigger);
      this.#buffer = bigger;
    }
    return this.#buffer;
  }
}

/**
 * Reads /proc/<pid>/stat of every process, pass after pass, through files held
 * open: reading an open procfs file again from its start gives fresh figures, so a
 * pass costs one read per process instead of open, read and close. A held file
 * stays bound to its process: once the process exits it answers ESRCH, and the pid,
 * which may name a new process by then, is opened afresh. At most `maxHeld` files
 * are held; beyond that a process's stat is opened and closed at each pass.
 */
export class StatFiles {
  /** Where `read` leaves the bytes; a stat line is a few hundred bytes. */
  readonly buffer = Buffer.allocUnsafe(1024);
  readonly #root: string;
  readonly #maxHeld: number;
  readonly #held = new Map<number, { fd: number; pass: number }>();
  #pass = 0;

  constructor(root: string, maxHeld = 2048) {
    this.#root = root;
    this.#maxHeld = maxHeld;
  }

  /** How many files are held open now. */
  get heldCount(): number {
    return this.#held.size;
  }

  /** Starts a pass over every process. */
  begin(): void {
    this.#pass += 1;
  }

  /** Reads a process's stat into `buffer`; the byte count, or null when it cannot be read (the process is gone). */
  read(pid: number): number | null {
    const held = this.#held.get(pid);
    if (held) {
      const n = readAt(held.fd, this.buffer, this.buffer.length);
      if (n !== null && n > 0) {
        held.pass = this.#pass;
        return n;
      }
      closeSync(held.fd);
      this.#held.delete(pid);
    }
    const fd = openFile(`${this.#root}/${pid}/stat`);
    if (fd === null) return null;
    const n = readAt(fd, this.buffer, this.buffer.length);
    if (n === null || n === 0 || this.#held.size >= this.#maxHeld) closeSync(fd);
    else this.#held.set(pid, { fd, pass: this.#pass });
    return n;
  }

  /** Ends a pass: closes the files of processes it did not read (they exited). */
  end(): void {
    for (const [pid, held] of this.#held) {
      if (held.pass === this.#pass) continue;
      closeSync(held.fd);
      this.#held.delete(pid);
    }
  }

  /** Closes every held file. */
  close(): void {
    for (const { fd } of this.#held.values()) closeSync(fd);
    this.#held.clear();
  }
}
