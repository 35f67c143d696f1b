import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first, once full', () => {
    const ring = new RingBuffer<number>(3);
    for (const n of [1, 2, 3, 4, 5]) ring.push(n);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect([ring.size, ring.at(0), ring.last(), ring.at(3)]).toEqual([3, 3, 5, undefined]);
  });

  it('inserts in the middle, shifting newer items, and drops the oldest when full', () => {
    const ring = new RingBuffer<number>(4);
    for (const n of [1, 2, 4]) ring.push(n);
    ring.insert(2, 3);
    expect(ring.toArray()).toEqual([1, 2, 3, 4]);
    ring.push(6);
    ring.insert(3, 5);
    expect(ring.toArray()).toEqual([3, 4, 5, 6]);
    ring.insert(0, 0);
    expect(ring.toArray()).toEqual([3, 4, 5, 6]);
  });

  it('slices across the wrap point', () => {
    const ring = new RingBuffer<number>(4);
    for (let n = 1; n <= 6; n++) ring.push(n);
    expect(ring.slice(1, 3)).toEqual([4, 5]);
    expect(ring.slice(-5, 99)).toEqual([3, 4, 5, 6]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
