/** Bounds of the reconnect delay. */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

/** First reconnect delay's upper bound. */
export const BACKOFF_BASE_MS = 500;

/** Largest reconnect delay. */
export const BACKOFF_CAP_MS = 30_000;

/**
 * Delay before reconnect attempt `attempt` (0 for the first): "full jitter", a
 * uniform pick in [0, min(cap, base * 2^attempt)). Spreading every agent's retries
 * over the whole window keeps a fleet from reconnecting in lockstep when a hub restarts.
 */
export function backoffDelayMs(attempt: number, random: () => number = Math.random, { baseMs = BACKOFF_BASE_MS, capMs = BACKOFF_CAP_MS }: BackoffOptions = {}): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
