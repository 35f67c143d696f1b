import { describe, expect, it } from 'vitest';
import type { HostSample, SeriesResponse } from '@hostpulse/protocol';
import { HostDetailState } from './host-detail-state.svelte.js';
import { busy, testSample } from '../../test/test-sample.js';

function sample(seq: number, extra: Partial<HostSample> = {}): HostSample {
  return testSample(seq, { runId: 'r1', tsMs: seq * 1000, cpu: { total: busy(10), cores: [] }, ...extra });
}

const window5m: SeriesResponse = { hostId: 'web-1', fromMs: 0, toMs: 10_000, tier: 'raw', bucketMs: 1000, runId: 'r1', lastSeq: 10, t: [9000, 10_000], lines: [{ id: 'cpu', avg: [5, 6] }] };

function opened(): HostDetailState {
  const state = new HostDetailState();
  state.open('web-1', 300_000);
  state.applySeries('web-1', window5m);
  return state;
}

describe('HostDetailState', () => {
  it('ignores samples and windows of any host but the open one', () => {
    const state = opened();
    expect(state.applySamples('db-1', [sample(11)])).toEqual([]);
    state.applySeries('db-1', { ...window5m, t: [] });
    expect(state.live?.t).toEqual([9000, 10_000]);
    expect(state.tally.count).toBe(0);
  });

  it('folds live samples into the window and tallies them from the window on', () => {
    const state = opened();
    expect(state.applySamples('web-1', [sample(11), sample(12)])).toHaveLength(2);
    expect(state.live?.t).toEqual([9000, 10_000, 11_000, 12_000]);
    expect(state.tally).toEqual({ count: 2, firstSeq: 11, lastSeq: 12, runs: 1 });
    expect(state.latestValues?.get('cpu')).toBe(10);
    // A new window starts the tally again.
    state.applySeries('web-1', { ...window5m, lastSeq: 12 });
    expect(state.tally.count).toBe(0);
  });

  it('holds a range still while the live window keeps following, and goes back to it', () => {
    const state = opened();
    const range = { fromMs: 9000, toMs: 10_000 };
    state.hold(range);
    // Until the range's answer comes, the live window is drawn within the range.
    expect(state.shown).toBe(state.live);
    expect(state.range).toEqual(range);
    state.applyHeld(range, { ...window5m, bucketMs: 100, t: [9000] });
    expect(state.shown?.bucketMs).toBe(100);
    expect(state.applySamples('web-1', [sample(11)])).toEqual([]);
    expect(state.live?.t).toContain(11_000);
    // An answer for a range no longer held is dropped.
    state.applyHeld({ fromMs: 1, toMs: 2 }, window5m);
    expect(state.shown?.bucketMs).toBe(100);
    state.release();
    expect(state.shown).toBe(state.live);
    // The live window was 0-10 s; 300 s wide, it has not begun to slide yet.
    expect(state.range).toEqual({ fromMs: 0, toMs: 11_000 });
  });

  it('marks a changed window as loading until its answer arrives', () => {
    const state = opened();
    expect(state.setWindow(300_000)).toBe(false);
    expect(state.setWindow(86_400_000)).toBe(true);
    expect(state.loading).toBe(true);
    state.applySeries('web-1', window5m);
    expect(state.loading).toBe(false);
  });

  it('takes filesystems from samples that carry them', () => {
    const state = opened();
    const fs = [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 40 }];
    state.applySamples('web-1', [sample(11, { fs })]);
    expect(state.filesystems).toEqual(fs);
  });
});
