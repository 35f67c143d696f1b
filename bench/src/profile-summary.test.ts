import { describe, expect, it } from 'vitest';
import { selfTimes, type CpuProfile } from './profile-summary.js';

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
