import { describe, expect, it } from 'vitest';
import type { Sample } from '@hostpulse/protocol';
import { SampleBuffer } from './sample-buffer.js';

const sample = (seq: number) => ({ seq, runId: 'r' }) as unknown as Sample;
const seqsAfter = (buffer: SampleBuffer, seq: number) => {
  const seqs: number[] = [];
  for (let e = buffer.next(seq); e; e = buffer.next(e.seq)) seqs.push(e.seq);
  return seqs;
};

describe('SampleBuffer', () => {
  it('hands out the samples after a seq, in order, as sample frames', () => {
    const buffer = new SampleBuffer(10);
    for (let seq = 1; seq <= 5; seq++) buffer.push(sample(seq));
    expect(seqsAfter(buffer, 2)).toEqual([3, 4, 5]);
    expect(seqsAfter(buffer, 5)).toEqual([]);
    expect(JSON.parse(buffer.next(0)!.frame)).toEqual({ type: 'sample', sample: { seq: 1, runId: 'r' } });
  });

  it('drops the oldest once full and starts a replay at the oldest it still holds', () => {
    const buffer = new SampleBuffer(3);
    for (let seq = 1; seq <= 7; seq++) buffer.push(sample(seq));
    expect([buffer.firstSeq, buffer.lastSeq, buffer.size]).toEqual([5, 7, 3]);
    expect(seqsAfter(buffer, 0)).toEqual([5, 6, 7]);
    expect(seqsAfter(buffer, 5)).toEqual([6, 7]);
  });

  it('refuses a seq that does not follow the last one', () => {
    const buffer = new SampleBuffer(3);
    buffer.push(sample(1));
    expect(() => buffer.push(sample(3))).toThrow(/does not follow/);
  });
});
