import { describe, expect, it } from 'vitest';
import { countOf, createHistogram, mergeHistogram, percentile, percentileOf, recordValue } from './histogram.js';

describe('histogram percentiles', () => {
  it('finds nearest-rank percentiles of whole milliseconds', () => {
    const hist = createHistogram();
    for (let v = 1; v <= 100; v++) recordValue(hist, v);
    expect(percentile(hist, 50)).toBe(50);
    expect(percentile(hist, 99)).toBe(99);
    expect(percentile(hist, 100)).toBe(100);
    expect(percentile(hist, 0)).toBe(1);
  });

  it('rounds to whole milliseconds and clamps negative values to zero', () => {
    const hist = createHistogram();
    recordValue(hist, -3);
    recordValue(hist, 2.6);
    expect(hist).toEqual({ '0': 1, '3': 1 });
  });

  it('sorts bins numerically, not as text', () => {
    const hist = createHistogram();
    recordValue(hist, 100);
    recordValue(hist, 9);
    recordValue(hist, 20);
    expect(percentile(hist, 34)).toBe(20);
  });

  it('merges counts from several processes', () => {
    const a = { '1': 2, '5': 1 };
    const b = { '5': 3, '9': 1 };
    const merged = mergeHistogram(mergeHistogram(createHistogram(), a), b);
    expect(merged).toEqual({ '1': 2, '5': 4, '9': 1 });
    expect(countOf(merged)).toBe(7);
    expect(percentile(merged, 99)).toBe(9);
  });

  it('answers null for no values', () => {
    expect(percentile(createHistogram(), 50)).toBeNull();
  });
});

describe('percentiles of a list', () => {
  it('finds nearest-rank percentiles of unsorted fractional values, keeping the fractions', () => {
    const values = [4.25, 0.5, 3, 1.75, 2];
    expect(percentileOf(values, 50)).toBe(2);
    expect(percentileOf(values, 95)).toBe(4.25);
    expect(percentileOf(values, 20)).toBe(0.5);
    expect(values).toEqual([4.25, 0.5, 3, 1.75, 2]);
  });

  it('answers null for no values', () => {
    expect(percentileOf([], 95)).toBeNull();
  });
});
