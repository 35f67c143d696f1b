/** Most agent upgrades, and most agents' first frames (hellos), the hub handles in one turn of its event loop; the rest wait for later turns. */
export const AGENTS_PER_TURN = 64;

/** Does one piece of work; false when it did not (its client went away meanwhile), so it takes no place in the turn. */
export type TurnWork = () => boolean;

/**
 * Does at most `perTurn` pieces of work per turn of the event loop, first come first
 * served. uSockets hands the hub every socket that became ready while the previous
 * turn ran, in one turn: when a fleet reconnects at once that is thousands of
 * upgrades, or of hellos, and a turn of half a second holds up every other socket,
 * timer and dashboard. Work past the budget waits (an upgrade's request read and
 * checked but not answered, a hello read but not handled) and goes first in the turns
 * after, `perTurn` a turn. Refusing upgrades instead (503) would bring each agent back
 * for another try, with the cost of its connection again: in a reconnect storm that
 * makes more work, not less. What waits holds a descriptor already, so the descriptor
 * check bounds it. A turn ends where the loop runs what setImmediate queued, so a
 * steady trickle (fewer than `perTurn` arriving together) never waits.
 */
export class TurnBudget {
  readonly #perTurn: number;
  readonly #atTurnEnd: (callback: () => void) => void;
  readonly #waiting: TurnWork[] = [];
  #done = 0;
  #armed = false;

  constructor({ perTurn = AGENTS_PER_TURN, atTurnEnd = setImmediate as (callback: () => void) => void } = {}) {
    this.#perTurn = perTurn;
    this.#atTurnEnd = atTurnEnd;
  }

  /** Pieces of work waiting for a later turn. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Does `work` now if this turn has room and none waits before it ('now'), else queues it for a later turn ('waiting'). */
  offer(work: TurnWork): 'now' | 'waiting' {
    this.#arm();
    if (this.#waiting.length === 0 && this.#done < this.#perTurn) {
      if (work()) this.#done++;
      return 'now';
    }
    this.#waiting.push(work);
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
