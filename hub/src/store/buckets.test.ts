import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { asRollupBlock, Buckets } from './buckets.js';
import { decodeBlock, encodeBlock } from './chunk-codec.js';
import { RowBlock } from './row-block.js';
import { pickTier } from './series-query.js';

const T0 = 1_795_000_000_000 - (1_795_000_000_000 % 3_600_000);

/** Rows with a known CPU busy % each (100 - idle) at the given times. */
function rowsOf(points: [tsMs: number, busy: number][]): RowBlock {
  const rows = new RowBlock('run', points.length);
  points.forEach(([tsMs, busy], i) => {
    const sample: HostSample = { ...makeSample('h', 'run', i + 1), tsMs, hubRxMs: tsMs };
    sample.cpu.total = { ...sample.cpu.total, idlePct: 100 - busy };
    rows.append(sample);
  });
  return rows;
}

describe('Buckets', () => {
  it('takes a roll-up block with its times and every part of each line, and refuses one lacking any', () => {
    const b = new Buckets(60_000);
    b.addRows(rowsOf([[T0, 10], [T0 + 60_000, 20]]));
    const block = b.toBlock();
    expect(asRollupBlock(block)).toBe(block);
    expect(() => asRollupBlock({ ...block, columns: block.columns.filter(([key]) => key !== 'cpu|max') })).toThrow(/roll-up block lacks cpu\|max/);
    expect(() => asRollupBlock({ ...block, columns: block.columns.filter(([key]) => key !== '@t') })).toThrow(/roll-up block lacks @t/);
  });

  it('gives min, avg and max per bucket, rounded as the line is', () => {
    const b = new Buckets(60_000);
    b.addRows(rowsOf([[T0, 10], [T0 + 30_000, 20], [T0 + 60_000, 55.555], [T0 + 61_000, 0]]));
    const { t, lines } = b.toSeries(T0, T0 + 120_000);
    expect(t).toEqual([T0, T0 + 60_000]);
    const cpu = lines.find((l) => l.id === 'cpu')!;
    expect(cpu).toEqual({ id: 'cpu', avg: [15, 27.78], min: [10, 0], max: [20, 55.56] });
  });

  it('leaves min and max out when every bucket holds one sample', () => {
    const b = new Buckets(1000);
    b.addRows(rowsOf([[T0, 10], [T0 + 1000, 20]]));
    expect(b.toSeries(T0, T0 + 2000).lines.find((l) => l.id === 'cpu')).toEqual({ id: 'cpu', avg: [10, 20] });
  });

  it('rolled up in pieces and merged through stored blocks, gives what one pass over all rows gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7_200_000 }), fc.integer({ min: 0, max: 10_000 }).map((v) => v / 100)), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 5 }),
        (points, pieces) => {
          const sorted = points.map(([dt, busy]): [number, number] => [T0 + dt, busy]).sort((a, b) => a[0] - b[0]);
          const whole = new Buckets(60_000);
          whole.addRows(rowsOf(sorted));
          // As the disk worker does: each chunk merged into what the period's row already holds.
          let stored = encodeBlock(new Buckets(60_000).toBlock());
          const size = Math.ceil(sorted.length / pieces);
          for (let i = 0; i < sorted.length; i += size) {
            const merged = new Buckets(60_000);
            merged.addBlock(decodeBlock(stored));
            merged.addRows(rowsOf(sorted.slice(i, i + size)));
            stored = encodeBlock(merged.toBlock());
          }
          const fromStore = new Buckets(60_000);
          fromStore.addBlock(decodeBlock(stored));
          const a = whole.toSeries(T0, T0 + 8_000_000);
          const b = fromStore.toSeries(T0, T0 + 8_000_000);
          expect(b.t).toEqual(a.t);
          const [ca, cb] = [a, b].map((s) => s.lines.find((l) => l.id === 'cpu')!);
          expect(cb!.min ?? cb!.avg).toEqual(ca!.min ?? ca!.avg);
          expect(cb!.max ?? cb!.avg).toEqual(ca!.max ?? ca!.avg);
          // Stored averages are rounded to the line's 0.01 before they are weighted again.
          cb!.avg.forEach((v, i) => expect(Math.abs(v! - ca!.avg[i]!)).toBeLessThanOrEqual(0.011));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('folds summaries into wider buckets as their rows fold, and shares a summary\'s line ids only when they are the same', () => {
    const rows = rowsOf([[T0, 10], [T0 + 30_000, 20.25], [T0 + 60_000, 55.5], [T0 + 150_000, 0]]);
    const minutes = new Buckets(60_000);
    minutes.addRows(rows);
    const summary = minutes.summary();
    const fromSummary = new Buckets(120_000);
    fromSummary.addSummary(summary);
    const fromRows = new Buckets(120_000);
    fromRows.addRows(rows);
    expect(fromSummary.toSeries(T0, T0 + 180_000)).toEqual(fromRows.toSeries(T0, T0 + 180_000));
    expect(minutes.summary(summary.ids).ids).toBe(summary.ids);
    expect(minutes.summary(summary.ids.slice(1)).ids).toEqual(summary.ids);
    expect(minutes.summary(summary.ids.slice(1)).ids).not.toBe(summary.ids);
  });

  it('coarsens into buckets twice as wide without losing extremes', () => {
    const b = new Buckets(1000);
    b.addRows(rowsOf([[T0, 10], [T0 + 1000, 90], [T0 + 2000, 30], [T0 + 3000, 50]]));
    const wide = b.coarsen(2).toSeries(T0, T0 + 4000);
    expect(wide.t).toEqual([T0, T0 + 2000]);
    expect(wide.lines.find((l) => l.id === 'cpu')).toEqual({ id: 'cpu', avg: [50, 40], min: [10, 30], max: [90, 50] });
  });
});

describe('pickTier', () => {
  it('takes the coarsest tier that still gives the points asked for, raw when none does', () => {
    expect(pickTier(300_000, 600)).toBeNull();
    expect(pickTier(3_600_000, 600)).toBeNull();
    expect(pickTier(24 * 3_600_000, 600)?.tier).toBe('1m');
    expect(pickTier(30 * 24 * 3_600_000, 600)?.tier).toBe('1h');
    expect(pickTier(30 * 24 * 3_600_000, 2000)?.tier).toBe('1m');
  });
});
