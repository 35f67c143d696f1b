import { describe, expect, it } from 'vitest';
import { selfTimes, stallTimes, type CpuProfile } from './profile-summary.js';

describe('selfTimes', () => {
  it('charges each sample to the function on top of the stack, largest first, shares of busy time', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'publishSample', url: 'file:///x/hub/dist/hub-core.js', lineNumber: 41 } },
        { id: 3, callFrame: { functionName: '', url: 'file:///x/hub/dist/app.js', lineNumber: 9 } },
        { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      ],
      samples: [2, 2, 3, 2, 4],
      timeDeltas: [1000, 2000, 500, 500, 9000],
    };
    expect(selfTimes(profile)).toEqual([
      { name: '(idle)', selfMs: 9, sharePct: 0 },
      { name: 'publishSample hub-core.js:42', selfMs: 3.5, sharePct: 87.5 },
      { name: '(anonymous) app.js:10', selfMs: 0.5, sharePct: 12.5 },
    ]);
  });
});

describe('stallTimes', () => {
  it('keeps only busy stretches longer than the threshold and charges them to every function on the stack', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 4] },
        { id: 2, callFrame: { functionName: 'tick', url: 'file:///x/hub/dist/history-store.js', lineNumber: 9 }, children: [3] },
        { id: 3, callFrame: { functionName: 'encodeBlock', url: 'file:///x/hub/dist/chunk-codec.js', lineNumber: 0 } },
        { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      ],
      // A 30 ms stretch (two samples of encodeBlock under tick, one of tick), idle, then a 5 ms one.
      samples: [3, 3, 2, 4, 2, 4],
      timeDeltas: [10_000, 10_000, 10_000, 1000, 5000, 1000],
    };
    const stalls = stallTimes(profile, 20);
    expect(stalls.stretchesMs).toEqual([30]);
    expect(stalls.inclusive.map((r) => [r.name, r.selfMs, Math.round(r.sharePct)])).toEqual([
      ['tick history-store.js:10', 30, 100],
      ['(root)', 30, 100],
      ['encodeBlock chunk-codec.js:1', 20, 67],
    ]);
  });
});
