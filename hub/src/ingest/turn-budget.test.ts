import { describe, expect, it } from 'vitest';
import { TurnBudget } from './turn-budget.js';

/** A budget whose turns end when the test says so, and a log of the upgrades it carried out. */
function budgetWithTurns(perTurn: number): { budget: TurnBudget; done: number[]; offer(id: number, gone?: boolean): string; endTurn(): void } {
  let ends: (() => void)[] = [];
  const budget = new TurnBudget({ perTurn, atTurnEnd: (callback) => ends.push(callback) });
  const done: number[] = [];
  return {
    budget,
    done,
    offer: (id, gone = false) => budget.offer(() => (gone ? false : (done.push(id), true))),
    endTurn() {
      const due = ends;
      ends = [];
      for (const callback of due) callback();
    },
  };
}

describe('TurnBudget', () => {
  it('carries out perTurn upgrades in a turn, queues the rest and serves them first come first served, perTurn a turn', () => {
    const { budget, done, offer, endTurn } = budgetWithTurns(3);
    expect(Array.from({ length: 8 }, (_, i) => offer(i))).toEqual(['now', 'now', 'now', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting']);
    expect(done).toEqual([0, 1, 2]);
    endTurn();
    expect(done).toEqual([0, 1, 2]);
    // A new turn: newcomers queue behind those waiting, and the turn's end serves three.
    expect(offer(8)).toBe('waiting');
    endTurn();
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    endTurn();
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(budget.waiting).toBe(0);
    endTurn();
    expect(offer(9)).toBe('now');
  });

  it("gives the place of a client that went away while waiting to the next", () => {
    const { done, offer, endTurn } = budgetWithTurns(1);
    expect([offer(0), offer(1, true), offer(2)]).toEqual(['now', 'waiting', 'waiting']);
    endTurn();
    endTurn();
    expect(done).toEqual([0, 2]);
  });

  it('never queues a trickle of fewer than perTurn per turn, however long it goes on', () => {
    const { offer, endTurn } = budgetWithTurns(2);
    const outcomes = new Set<string>();
    for (let turn = 0; turn < 1000; turn++) {
      outcomes.add(offer(2 * turn));
      outcomes.add(offer(2 * turn + 1));
      endTurn();
    }
    expect([...outcomes]).toEqual(['now']);
  });

  it('ends its turn where setImmediate runs by default', async () => {
    const done: number[] = [];
    const budget = new TurnBudget({ perTurn: 1 });
    budget.offer(() => (done.push(0), true));
    budget.offer(() => (done.push(1), true));
    expect(done).toEqual([0]);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([0, 1]);
  });
});
