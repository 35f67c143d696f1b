import { describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { metricValues } from './metric-values.js';

const withFs = (fs: HostSample['fs']): HostSample => ({ ...makeSample('web-1', 'run-1', 1), hubRxMs: 1, fs });

describe('metricValues fs.usedPct', () => {
  it('is used / (used + available) per mount, as df counts it, so reserved blocks count as full', () => {
    // 1000 bytes, 50 reserved for root, 900 used: df says 100%, used / size says 90%.
    const values = metricValues('fs.usedPct', withFs([{ mount: '/', fsType: 'ext4', sizeBytes: 1000, usedBytes: 900, availableBytes: 0 }]));
    expect(values).toEqual([{ labels: { mount: '/' }, value: 100 }]);
  });

  it('is used / size for a filesystem an older agent reported without available bytes', () => {
    const values = metricValues('fs.usedPct', withFs([{ mount: '/data', fsType: 'xfs', sizeBytes: 1000, usedBytes: 900 }]));
    expect(values).toEqual([{ labels: { mount: '/data' }, value: 90 }]);
  });
});
