import type { LogFields, Logger } from '@hostpulse/common';

/** Lines of one message logged one by one between two ticks (a second); the rest are counted. */
export const BURST_LOG_LINES = 20;

/**
 * Info lines that come once per agent or host (connected, online) and so by the
 * thousand when a fleet reconnects at once: each line is a write to stderr, and ten
 * thousand of them hold up the event loop for about half a second. The first
 * BURST_LOG_LINES of each message between two ticks are logged one by one; the rest
 * are only counted, and the tick logs their number in one line.
 */
export class BurstLog {
  readonly #log: Logger;
  /** Lines logged one by one since the last tick, and lines counted only, by message. */
  readonly #logged = new Map<string, number>();
  readonly #unlogged = new Map<string, number>();

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Logs `msg` with its fields, or counts it once BURST_LOG_LINES of it were logged since the last tick. */
  info(msg: string, fields: LogFields): void {
    const logged = this.#logged.get(msg) ?? 0;
    if (logged < BURST_LOG_LINES) {
      this.#logged.set(msg, logged + 1);
      this.#log.info(msg, fields);
      return;
    }
    this.#unlogged.set(msg, (this.#unlogged.get(msg) ?? 0) + 1);
  }

  /** Logs how many lines of each message were only counted since the last tick; call once a second, and at shutdown. */
  tick(): void {
    for (const [msg, count] of this.#unlogged) this.#log.info(`${msg}: more in the last second, not logged one by one`, { count });
    this.#logged.clear();
    this.#unlogged.clear();
  }
}
