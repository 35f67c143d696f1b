import { describe, expect, it } from 'vitest';
import { formatMiB, formatNumber, formatTable } from './table.js';

describe('formatTable', () => {
  it('aligns the first column left and the others right, under a rule', () => {
    const text = formatTable(['metric', 'push', 'poll'], [['updates/s', '200', '1,950'], ['gaps', '0']]);
    expect(text.split('\n')).toEqual([
      'metric     push   poll',
      '---------  ----  -----',
      'updates/s   200  1,950',
      'gaps          0',
    ]);
  });

  it('formats numbers, missing values and MiB', () => {
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(null)).toBe('-');
    expect(formatNumber(Number.NaN)).toBe('-');
    expect(formatMiB(80 * 1024 * 1024)).toBe('80.0');
  });
});
