import type { AgentProcesses, AgentWatched, WatchPattern } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { FailureLog } from '../failure-log.js';
import type { ProcessReader } from './process-reader.js';
import { watchedMatches } from './process-watch.js';

/** What a reporter needs: whose processes, how often, where to read them and where to send them. */
export interface ProcessReporterOptions {
  hostId: string;
  runId: string;
  everyMs: number;
  reader: Pick<ProcessReader, 'read' | 'close' | 'everyProcess'>;
  /** Hands one message to the link; false when it could not go out now (it is dropped: the next replaces it). */
  send: (message: AgentProcesses | AgentWatched) => boolean;
  log: Logger;
  /** Wall clock for `tsMs`; tests pass their own. */
  now?: () => number;
}

/**
 * Sends the top processes every `everyMs`: the first reading primes CPU figures,
 * each later one goes out as a `processes` message and, while the hub gives it
 * patterns to watch, a `watched` report of every process matching them. A failed reading is logged (once,
 * then once a minute) and skipped; samples are never held up by it.
 */
export class ProcessReporter {
  readonly #o: Required<ProcessReporterOptions>;
  readonly #failures: FailureLog;
  #timer: NodeJS.Timeout | undefined;
  #patterns: readonly WatchPattern[] = [];

  constructor(options: ProcessReporterOptions) {
    this.#o = { now: Date.now, ...options };
    this.#failures = new FailureLog(options.log);
  }

  /** Takes the priming reading and reports every interval until stop(). */
  start(): void {
    this.report();
    this.#timer = setInterval(() => this.report(), this.#o.everyMs);
  }

  /** Puts the hub's watched patterns in force from the next reading, replacing earlier ones (none: no reports). */
  watch(patterns: readonly WatchPattern[]): void {
    this.#patterns = patterns;
  }

  /** Stops reporting and releases what the reader holds open. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#o.reader.close();
  }

  /** Reads every process now and sends the table; returns the message, or null when priming or failed. */
  report(): AgentProcesses | null {
    const { hostId, runId, everyMs, reader, send, now } = this.#o;
    try {
      const tsMs = now();
      const snapshot = reader.read();
      this.#failures.succeeded('processes');
      if (!snapshot) return null;
      const message: AgentProcesses = { type: 'processes', table: { hostId, runId, tsMs, intervalMs: everyMs, ...snapshot } };
      send(message);
      if (this.#patterns.length > 0) send({ type: 'watched', hostId, runId, tsMs, matches: watchedMatches(reader.everyProcess(), this.#patterns) });
      return message;
    } catch (err) {
      this.#failures.failed('processes', 'reading processes failed', err);
      return null;
    }
  }
}
