import { describe, expect, it } from 'vitest';
import { splitEvenly } from './launch.js';

describe('splitEvenly', () => {
  it('splits clients evenly over processes', () => {
    expect(splitEvenly([1, 2, 3, 4, 5], 2)).toEqual([[1, 3, 5], [2, 4]]);
    expect(splitEvenly([1], 3)).toEqual([[1]]);
  });
});
