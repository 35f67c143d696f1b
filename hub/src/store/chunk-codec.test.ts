import fc from 'fast-check';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeBlock, type ColumnBlock } from './chunk-codec.js';

/** Doubles as agents send them, and the awkward ones: NaN, infinities, -0, huge, tiny, many decimals. */
const value = fc.oneof(
  fc.integer({ min: -1e6, max: 1e12 }).map((v) => v / 100),
  fc.integer({ min: 0, max: 2 ** 53 - 1 }),
  fc.double(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 1e308, -1e308, 5e-324, 2 ** 50, -(2 ** 50), 0.1 + 0.2),
);

/** Columns as samples make them: runs of zeros, counters that climb and reset, steady values. */
function shapedColumn(n: number): fc.Arbitrary<number[]> {
  return fc.oneof(
    fc.array(value, { minLength: n, maxLength: n }),
    fc.constant(new Array<number>(n).fill(0)),
    fc.tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: n })).map(([start, resetAt]) =>
      Array.from({ length: n }, (_, i) => (i < resetAt ? start + i * 1000 : (i - resetAt) * 1000)),
    ),
    fc.array(fc.option(fc.integer({ min: 0, max: 10000 }).map((v) => v / 100), { nil: Number.NaN }), { minLength: n, maxLength: n }),
  );
}

const block: fc.Arbitrary<ColumnBlock> = fc.integer({ min: 1, max: 300 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    meta: fc.string(),
    columns: fc.uniqueArray(fc.tuple(fc.string({ minLength: 1 }), shapedColumn(n)), { selector: ([key]) => key, maxLength: 12 }).map((cols) =>
      cols.map(([key, values]): [string, Float64Array] => [key, Float64Array.from(values)]),
    ),
  }),
);

/** Values compared bit for bit, so -0 differs from 0 and every NaN matches NaN. */
const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('chunk codec', () => {
  it('round-trips any block exactly, NaN, -0, infinities, huge values and counter resets included', () => {
    fc.assert(
      fc.property(block, (original) => {
        const decoded = decodeBlock(encodeBlock(original));
        expect(decoded.n).toBe(original.n);
        expect(decoded.meta).toBe(original.meta);
        expect(decoded.columns.map(([key]) => key)).toEqual(original.columns.map(([key]) => key));
        decoded.columns.forEach(([key, values], i) => expect(same(values, original.columns[i]![1]), key).toBe(true));
      }),
      { numRuns: 300 },
    );
  });

  it('stores a steady per-second column in well under a byte a value', () => {
    const n = 128;
    const ts = Float64Array.from({ length: n }, (_, i) => 1_795_000_000_000 + i * 1000 + (i % 3));
    const seq = Float64Array.from({ length: n }, (_, i) => i + 1);
    const zeros = new Float64Array(n);
    const bytes = encodeBlock({ n, meta: '', columns: [['ts', ts], ['seq', seq], ['zero', zeros]] });
    expect(bytes.length / (3 * n)).toBeLessThan(0.5);
    // What is kept in memory is the encoded size, not a larger buffer behind it.
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });

  it('refuses bytes it did not make', () => {
    expect(() => decodeBlock(new Uint8Array([1, 2, 3, 4]))).toThrow();
    const good = encodeBlock({ n: 2, meta: 'm', columns: [['a', Float64Array.from([1, 2])]] });
    expect(() => decodeBlock(good.subarray(0, good.length - 2))).toThrow();
  });

  it('refuses a block whose row count went bad, before allocating its columns', () => {
    // Format 1, 2^40 rows, no meta, one column "k" with every value absent.
    const claimed = deflateRawSync(Uint8Array.from([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0, 1, 1, 0x6b, 0]));
    expect(() => decodeBlock(claimed)).toThrow(/block of 1099511627776 rows/);
  });
});
