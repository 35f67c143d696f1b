import { describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { HostDetailState } from './host-detail-state.svelte.js';

function sample(seq: number, extra: Partial<HostSample> = {}): HostSample {
  return { hostId: 'web-1', runId: 'r1', seq, tsMs: seq * 1000, hubRxMs: seq * 1000 + 10, ...extra } as HostSample;
}

describe('HostDetailState', () => {
  it('ignores samples of any host but the open one', () => {
    const state = new HostDetailState();
    state.open('web-1');
    expect(state.applySamples('db-1', [sample(1)])).toEqual([]);
    expect(state.samples).toEqual([]);
  });

  it('holds the charts still while paused and catches up on resume', () => {
    const state = new HostDetailState();
    state.open('web-1');
    state.applySamples('web-1', [sample(1), sample(2)]);
    state.setPaused(true);
    expect(state.applySamples('web-1', [sample(3)])).toEqual([]);
    expect(state.samples.map((s) => s.seq)).toEqual([1, 2]);
    state.setPaused(false);
    expect(state.samples.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(state.latest?.seq).toBe(3);
  });

  it('trims to a smaller window and reports when the window grew', () => {
    const state = new HostDetailState();
    state.open('web-1');
    state.applySamples('web-1', Array.from({ length: 90 }, (_, i) => sample(i + 1)));
    expect(state.samples).toHaveLength(61);
    expect(state.setWindow(300_000)).toBe(true);
    expect(state.setWindow(60_000)).toBe(false);
  });

  it('takes filesystems from samples that carry them', () => {
    const state = new HostDetailState();
    state.open('web-1');
    const fs = [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 40 }];
    state.applySamples('web-1', [sample(1, { fs })]);
    expect(state.filesystems).toEqual(fs);
  });
});
