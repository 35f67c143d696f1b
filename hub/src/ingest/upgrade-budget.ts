/** Most agent upgrades the hub carries out in one turn of its event loop; the rest wait for later turns. */
export const AGENT_UPGRADES_PER_TURN = 64;

/** Carries out one upgrade; false when it did not (its client went away meanwhile), so it takes no place in the turn. */
export type RunUpgrade = () => boolean;

/**
 * Carries out at most `perTurn` upgrades per turn of the event loop, first come first
 * served. uSockets hands the hub every socket that became ready while the previous
 * turn ran, in one turn: when a fleet reconnects at once that is thousands of
 * upgrades, each followed by its hello in the next turn, and a turn of half a second
 * holds up every other socket, timer and dashboard. Upgrades past the budget wait
 * (their request is read, the answer not yet written) and go first in the turns after,
 * `perTurn` a turn. Refusing them instead (503) would bring each back for another try,
 * with the cost of its connection again: in a reconnect storm that makes more work, not
 * less. What waits holds a descriptor already, so the descriptor check bounds it. A turn
 * ends where the loop runs what setImmediate queued, so a steady trickle (fewer than
 * `perTurn` arriving together) never waits.
 */
export class UpgradeBudget {
  readonly #perTurn: number;
  readonly #atTurnEnd: (callback: () => void) => void;
  readonly #waiting: RunUpgrade[] = [];
  #done = 0;
  #armed = false;

  constructor({ perTurn = AGENT_UPGRADES_PER_TURN, atTurnEnd = setImmediate as (callback: () => void) => void } = {}) {
    this.#perTurn = perTurn;
    this.#atTurnEnd = atTurnEnd;
  }

  /** Upgrades waiting for a later turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `upgrade` now if this turn has room and none wait before it ('now'), else queues it for a later turn ('waiting'). */
  offer(upgrade: RunUpgrade): 'now' | 'waiting' {
    this.#arm();
    if (this.#waiting.length === 0 && this.#done < this.#perTurn) {
      if (upgrade()) this.#done++;
      return 'now';
    }
    this.#waiting.push(upgrade);
    return 'waiting';
  }

  #arm(): void {
    if (this.#armed) return;
    this.#armed = true;
    this.#atTurnEnd(() => this.#endTurn());
  }

  /** Fills what is left of this turn's budget from the queue, then starts a new turn; what still waits goes next turn. */
  #endTurn(): void {
    this.#armed = false;
    while (this.#done < this.#perTurn && this.#waiting.length > 0) {
      if (this.#waiting.shift()!()) this.#done++;
    }
    this.#done = 0;
    if (this.#waiting.length > 0) this.#arm();
  }
}
