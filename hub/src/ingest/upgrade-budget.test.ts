import { describe, expect, it } from 'vitest';
import { UpgradeBudget } from './upgrade-budget.js';

/** A budget whose turns end when the test says so. */
function budgetWithTurns(perTurn: number): { budget: UpgradeBudget; endTurn(): void } {
  let ends: (() => void)[] = [];
  const budget = new UpgradeBudget(perTurn, (callback) => ends.push(callback));
  return {
    budget,
    endTurn() {
      const due = ends;
      ends = [];
      for (const callback of due) callback();
    },
  };
}

describe('UpgradeBudget', () => {
  it('admits perTurn upgrades in one turn, refuses the rest, and admits again in the next turn', () => {
    const { budget, endTurn } = budgetWithTurns(3);
    expect(Array.from({ length: 5 }, () => budget.admit())).toEqual([true, true, true, false, false]);
    endTurn();
    expect(Array.from({ length: 4 }, () => budget.admit())).toEqual([true, true, true, false]);
  });

  it('never refuses a trickle of fewer than perTurn per turn, however long it goes on', () => {
    const { budget, endTurn } = budgetWithTurns(2);
    const outcomes: boolean[] = [];
    for (let turn = 0; turn < 1000; turn++) {
      outcomes.push(budget.admit(), budget.admit());
      endTurn();
    }
    expect(outcomes.every(Boolean)).toBe(true);
  });

  it('ends its turn where setImmediate runs by default', async () => {
    const budget = new UpgradeBudget(1);
    expect([budget.admit(), budget.admit()]).toEqual([true, false]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.admit()).toBe(true);
  });
});
