/** Most agent upgrades the hub admits in one turn of its event loop; the rest get HTTP 503 with Retry-After. */
export const AGENT_UPGRADES_PER_TURN = 64;

/** What a refused agent is told to wait, in seconds (agents back off with jitter anyway). */
export const UPGRADE_RETRY_AFTER_SEC = 1;

/**
 * Admits at most `perTurn` upgrades per turn of the event loop. uSockets hands the
 * hub every socket that became ready while the previous turn ran, in one turn: when
 * a fleet reconnects at once that is thousands of upgrades, each followed by its
 * hello in the next turn, and a turn of half a second holds up every other socket,
 * timer and dashboard. Past the budget an upgrade is refused, which costs a small
 * part of admitting it, and the agent's backoff brings it back later, spread out.
 * A turn ends where the loop runs what setImmediate queued, so a steady trickle
 * (fewer than `perTurn` arriving together) is never refused.
 */
export class UpgradeBudget {
  readonly #perTurn: number;
  readonly #atTurnEnd: (callback: () => void) => void;
  #admitted = 0;

  constructor(perTurn = AGENT_UPGRADES_PER_TURN, atTurnEnd: (callback: () => void) => void = setImmediate) {
    this.#perTurn = perTurn;
    this.#atTurnEnd = atTurnEnd;
  }

  /** Whether one more upgrade may be admitted in this turn; counts it when so. */
  admit(): boolean {
    if (this.#admitted === 0) this.#atTurnEnd(() => (this.#admitted = 0));
    if (this.#admitted >= this.#perTurn) return false;
    this.#admitted++;
    return true;
  }
}
