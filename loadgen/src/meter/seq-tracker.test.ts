import { describe, expect, it } from 'vitest';
import { SeqTracker } from './seq-tracker.js';

describe('SeqTracker', () => {
  it('counts skipped seqs between updates of one stream', () => {
    const t = new SeqTracker();
    t.prime('h1', 'r1', 10);
    expect(t.observe('h1', 'r1', 11)).toBe(0);
    expect(t.observe('h1', 'r1', 14)).toBe(2);
    expect(t.counts).toEqual({ received: 2, missing: 2, stale: 0 });
  });

  it('keeps streams of different hosts apart', () => {
    const t = new SeqTracker();
    t.observe('a', 'r', 1);
    t.observe('b', 'r', 7);
    t.observe('a', 'r', 2);
    t.observe('b', 'r', 8);
    expect(t.counts.missing).toBe(0);
  });

  it('starts again without a gap when the run changes', () => {
    const t = new SeqTracker();
    t.prime('h', 'old', 500);
    t.observe('h', 'new', 1);
    expect(t.counts).toEqual({ received: 1, missing: 0, stale: 0 });
  });

  it('counts repeated or older seqs as duplicates, not updates', () => {
    const t = new SeqTracker();
    t.observe('h', 'r', 5);
    t.observe('h', 'r', 5);
    t.observe('h', 'r', 3);
    expect(t.counts).toEqual({ received: 1, missing: 0, stale: 2 });
  });

  it('keeps positions across a reset of the counts', () => {
    const t = new SeqTracker();
    t.observe('h', 'r', 1);
    t.resetCounts();
    t.observe('h', 'r', 4);
    expect(t.counts).toEqual({ received: 1, missing: 2, stale: 0 });
  });
});
