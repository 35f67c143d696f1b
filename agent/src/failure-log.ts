import type { Logger } from '@hostpulse/common';

/** A repeated failure is logged again at most this often while it lasts. */
export const REPEAT_LOG_MS = 60_000;

/**
 * Logs a failure once when it starts, then at most once a minute while it lasts,
 * then once when it ends, so a source that fails every second never floods the log.
 */
export class FailureLog {
  readonly #failing = new Map<string, { count: number; lastLogMs: number }>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one failure of `source`. */
  failed(source: string, message: string, err: unknown): void {
    const state = this.#failing.get(source);
    const error = err instanceof Error ? err.message : String(err);
    if (!state) {
      this.#failing.set(source, { count: 1, lastLogMs: this.now() });
      this.log.warn(message, { source, error });
      return;
    }
    state.count += 1;
    if (this.now() - state.lastLogMs >= REPEAT_LOG_MS) {
      state.lastLogMs = this.now();
      this.log.warn(`${message} (still)`, { source, failures: state.count, error });
    }
  }

  /** Records a success of `source`; logs the recovery when it had been failing. */
  succeeded(source: string): void {
    const state = this.#failing.get(source);
    if (!state) return;
    this.#failing.delete(source);
    this.log.info('recovered', { source, failures: state.count });
  }
}
