import { describe, expect, it } from 'vitest';
import type { Sample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { HostCounters } from './host-counters.js';

/** makeSample's figures (CPU 20 % user on two cores, eth0 1000 B/s in, sda busy 1.5 %) at `tsMs`. */
function sampleAt(seq: number, tsMs: number, runId = 'r1', edit: (s: Sample) => void = () => {}): Sample {
  const sample = { ...makeSample('h', runId, seq), tsMs };
  edit(sample);
  return sample;
}

describe('HostCounters', () => {
  it('integrates rates over the time between consecutive samples', () => {
    const counters = new HostCounters();
    counters.add(sampleAt(1, 10_000));
    counters.add(sampleAt(2, 12_000));
    counters.add(sampleAt(3, 12_500));
    const c = counters.of('h')!;
    // 1 s (first sample: its interval) + 2 s + 0.5 s.
    expect(c.net.get('eth0')).toEqual({ rxBytes: 3500, txBytes: 1750, rxPackets: 35, txPackets: 17.5, rxErrors: 0, txErrors: 0 });
    expect(c.disk.get('sda')!.writtenBytes).toBe(10_500);
    expect(c.disk.get('sda')!.ioSeconds).toBeCloseTo(0.0525, 10);
    // Two cores: the host total counts both, each core its own.
    expect(c.cpu.user).toBeCloseTo(2 * 0.2 * 3.5, 10);
    expect(c.cpu.idle).toBeCloseTo(2 * 0.75 * 3.5, 10);
    expect(c.cores.map((core) => core.user)).toEqual([0.2 * 3.5, 0.2 * 3.5].map((v) => expect.closeTo(v, 10)));
  });

  it('gives a sample after a gap, or a late one, only its own interval', () => {
    const counters = new HostCounters();
    counters.add(sampleAt(1, 10_000));
    counters.add(sampleAt(4, 40_000));
    counters.add(sampleAt(2, 20_000));
    counters.add(sampleAt(5, 41_000));
    expect(counters.of('h')!.net.get('eth0')!.rxBytes).toBe(4000);
  });

  it('starts again from zero for a new run, and drops interfaces that are gone', () => {
    const counters = new HostCounters();
    counters.add(sampleAt(1, 10_000));
    counters.add(sampleAt(2, 11_000));
    counters.add(sampleAt(1, 12_000, 'r2', (s) => (s.net = s.net.filter((n) => n.name !== 'eth0'))));
    const c = counters.of('h')!;
    expect([c.runId, c.net.get('lo')!.rxBytes, c.net.has('eth0'), c.cpu.user]).toEqual(['r2', 99, false, expect.closeTo(0.4, 10)]);
    counters.add(sampleAt(2, 13_000, 'r2'));
    expect(counters.of('h')!.net.get('eth0')!.rxBytes).toBe(1000);
  });

  it('forgets a host', () => {
    const counters = new HostCounters();
    counters.add(sampleAt(1, 10_000));
    counters.forget('h');
    expect(counters.of('h')).toBeUndefined();
  });
});
