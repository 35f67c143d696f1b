import { describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import { FAULT_LOG_INTERVAL_MS, FaultCounter } from './faults.js';

describe('FaultCounter', () => {
  it('counts every fault but logs each kind at most once per interval, with the count since the last line', () => {
    let now = 0;
    const lines: string[] = [];
    const faults = new FaultCounter(createLogger('hub', 'info', (line) => lines.push(line)), () => now);
    for (let i = 0; i < 5; i++) faults.record('malformedJson', { path: '/agent' });
    faults.record('badRequest');
    now = FAULT_LOG_INTERVAL_MS;
    faults.record('malformedJson');
    expect(faults.counts()).toMatchObject({ malformedJson: 6, badRequest: 1, unauthorized: 0 });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/warn hub: fault kind=malformedJson count=1 path=\/agent/);
    expect(lines[2]).toMatch(/kind=malformedJson count=5/);
  });
});
