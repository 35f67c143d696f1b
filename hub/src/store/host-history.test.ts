import { describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { Buckets } from './buckets.js';
import { firstChunkRows, HostHistory, type RawChunk } from './host-history.js';
import { CHUNK_ROWS, RowBlock } from './row-block.js';

/** Does all the encoding work a history has waiting, as the store does a slice at a time. */
function drain(history: HostHistory): number {
  let steps = 0;
  while (history.encodeNext() !== null) steps++;
  return steps;
}

// A whole hour, so minute buckets line up with the samples' own minutes.
const T0 = 1_795_000_000_000 - (1_795_000_000_000 % 3_600_000);

const sample = (runId: string, seq: number, tsMs = 1_000_000 + seq * 1000): HostSample => ({ ...makeSample('h', runId, seq), tsMs, hubRxMs: tsMs });

describe('HostHistory', () => {
  it('seals a chunk every CHUNK_ROWS samples and on a new run, encoding each and sending it to the sink when its turn comes', () => {
    const sunk: [RawChunk, boolean][] = [];
    let asked = 0;
    const history = new HostHistory('h', { chunk: (c, sealed) => sunk.push([c, sealed]) }, () => asked++);
    const first = firstChunkRows('h');
    for (let seq = 1; seq <= first + CHUNK_ROWS + 5; seq++) history.add(sample('r1', seq), () => false);
    history.add(sample('r2', 1), () => false);
    // Sealed, readable, but not encoded or sent yet: that waits for the store's next slice.
    expect(sunk).toEqual([]);
    expect(asked).toBe(3);
    expect(history.samplesAfter('r1', first + CHUNK_ROWS, 10).map((s) => s.seq - first - CHUNK_ROWS)).toEqual([1, 2, 3, 4, 5]);
    expect(drain(history)).toBe(3);
    expect(sunk.map(([c, sealed]) => [c.runId, c.firstSeq, c.lastSeq, c.rows, sealed])).toEqual([
      ['r1', 1, first, first, true],
      ['r1', first + 1, first + CHUNK_ROWS, CHUNK_ROWS, true],
      ['r1', first + CHUNK_ROWS + 1, first + CHUNK_ROWS + 5, 5, true],
    ]);
    history.requestFlush();
    history.requestFlush();
    expect(drain(history)).toBe(1);
    history.requestFlush();
    expect(drain(history)).toBe(0);
    expect(sunk.slice(3).map(([c, sealed]) => [c.runId, c.rows, sealed])).toEqual([['r2', 1, false]]);
    expect(history.lastSeqOf('r1')).toBe(first + CHUNK_ROWS + 5);
  });

  it('drops a seq it holds, stores a late one, and answers samples after a seq in order', () => {
    const history = new HostHistory('h', null);
    const held = (): boolean => false;
    for (const seq of [1, 2, 3, 5, 6]) expect(history.add(sample('r1', seq), held)).toBe('stored');
    expect(history.add(sample('r1', 3), held)).toBe('duplicate');
    expect(history.add(sample('r1', 4), held)).toBe('stored');
    expect(history.add(sample('r1', 4), held)).toBe('duplicate');
    // A seq older than memory is a duplicate when the disk holds it.
    expect(history.add(sample('r9', 1), held)).toBe('stored');
    expect(history.samplesAfter('r1', 2, 100).map((s) => s.seq)).toEqual([3, 4, 5, 6]);
    expect(history.samplesAfter('r1', 0, 2).map((s) => s.seq)).toEqual([5, 6]);
    expect(history.samplesAfter(undefined, 0, 3).map((s) => `${s.runId}:${s.seq}`)).toEqual(['r1:5', 'r1:6', 'r9:1']);
    expect(history.samplesAfter('r1', 0, 100)[3]).toEqual(sample('r1', 4));
  });

  it('answers the oldest samples of a run after a seq, a late one in its place, across sealed chunks and the open one', () => {
    const history = new HostHistory('h', null);
    const held = (): boolean => false;
    const last = firstChunkRows('h') + 10;
    for (let seq = 1; seq <= last; seq++) if (seq !== 3) history.add(sample('r1', seq), held);
    history.add(sample('r1', 3), held);
    history.add(sample('r2', 1), held);
    expect(history.samplesFrom('r1', 1, 4).map((s) => s.seq)).toEqual([2, 3, 4, 5]);
    expect(history.samplesFrom('r1', last - 3, 10).map((s) => s.seq)).toEqual([last - 2, last - 1, last]);
    expect(history.samplesFrom('r1', last, 10)).toEqual([]);
    expect(history.samplesFrom('r2', 0, 10).map((s) => `${s.runId}:${s.seq}`)).toEqual(['r2:1']);
    expect(history.samplesFrom('r1', 2, 1)[0]).toEqual(sample('r1', 3));
  });

  it('evicts sealed chunks past the window once the disk has them, or past the forced limit', () => {
    const sunk: RawChunk[] = [];
    const history = new HostHistory('h', { chunk: (c, sealed) => sealed && sunk.push(c) });
    const first = firstChunkRows('h');
    for (let seq = 1; seq <= first + CHUNK_ROWS + 1; seq++) history.add(sample('r1', seq), () => false);
    // A chunk waiting to be encoded is never evicted, however old.
    expect(history.evictBefore(Infinity, Infinity)).toBe(0);
    drain(history);
    const end = 1_000_000 + first * 1000;
    expect(history.evictBefore(end + 1, 0)).toBe(0);
    expect(history.oldestMs).toBe(1_001_000);
    history.markRolledUp('r1', 1);
    history.evictBefore(end + 1, 0);
    expect(history.oldestMs).toBe(1_001_000 + first * 1000);
    // The disk never took the second chunk: it goes only once the forced limit passes it, and says how many rows.
    expect(history.evictBefore(Infinity, 0)).toBe(0);
    expect(history.evictBefore(Infinity, Infinity)).toBe(CHUNK_ROWS);
    expect(history.samplesAfter('r1', 0, 1000).map((s) => s.seq)).toEqual([first + CHUNK_ROWS + 1]);
  });

  it('keeps a chunk of old samples the disk has not taken yet until it has waited past the forced limit since it went to the disk, not since its samples were taken', () => {
    // A replay of a day: samples hours old, sealed and sent to the disk now.
    const history = new HostHistory('h', { chunk: () => {} });
    const first = firstChunkRows('h');
    for (let seq = 1; seq <= first + 1; seq++) history.add(sample('r1', seq), () => false);
    const sentMs = 5_000_000_000;
    while (history.encodeNext(sentMs) !== null);
    // The forced limit is hours past the samples, but the chunk went to the disk just now: a query still finds it in memory.
    expect(history.evictBefore(Infinity, sentMs)).toBe(0);
    expect(history.oldestMs).toBe(1_001_000);
    expect(history.evictBefore(Infinity, sentMs + 1)).toBe(first);
  });

  it('folds a window into buckets as its raw rows fold, from the chunks\' minute summaries or their rows, whatever the window and bucket width', () => {
    const history = new HostHistory('h', null);
    // Figures in quarters, so sums come out exact in any order and the answers must be equal.
    const varied = (seq: number): HostSample => {
      const s = sample('r1', seq, T0 + seq * 1000);
      const idle = 75 - ((seq * 7) % 40) / 4;
      s.cpu.total = { ...s.cpu.total, idlePct: idle };
      s.cpu.cores = s.cpu.cores.map((core, c) => ({ ...core, idlePct: idle - c / 4 }));
      s.load = { ...s.load, one: (seq % 8) / 4 };
      return s;
    };
    const all = new RowBlock('r1', 700);
    for (let seq = 1; seq <= 700; seq++) {
      history.add(varied(seq), () => false);
      all.append(varied(seq));
    }
    drain(history);
    for (const [fromMs, toMs, bucketMs] of [
      [T0, T0 + 701_000, 60_000],
      [T0 + 61_500, T0 + 650_250, 120_000],
      [T0 + 200_000, T0 + 200_000 + 3_600_000, 3_600_000],
      [T0 + 30_000, T0 + 500_000, 46_000],
      [T0 + 130_000, T0 + 140_000, 60_000],
    ] as const) {
      const folded = new Buckets(bucketMs);
      history.foldBetween(folded, fromMs, toMs);
      const raw = new Buckets(bucketMs);
      raw.addRows(all, fromMs, toMs);
      expect(folded.toSeries(fromMs, toMs), `[${fromMs - T0}, ${toMs - T0}) by ${bucketMs}`).toEqual(raw.toSeries(fromMs, toMs));
    }
  });
});
