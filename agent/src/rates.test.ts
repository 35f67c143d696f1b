import { describe, expect, it } from 'vitest';
import { counterDelta, counterRate, cpuPercents, ratesByKey } from './rates.js';

const cpu = (o: Partial<Record<'user' | 'nice' | 'system' | 'idle' | 'iowait' | 'irq' | 'softirq' | 'steal', number>>) => ({
  user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, ...o,
});

describe('counterDelta', () => {
  it('is the plain difference while the counter grows', () => {
    expect(counterDelta(100, 350)).toBe(250);
    expect(counterDelta(7, 7)).toBe(0);
  });

  it('adds 2^32 when a 32-bit counter wraps', () => {
    expect(counterDelta(4_294_967_000, 704)).toBe(1000);
    // io_ticks is 32-bit even on 64-bit kernels: ~49.7 days of busy milliseconds.
    expect(counterDelta(2 ** 32 - 1, 0)).toBe(1);
  });

  it('treats any other step backwards as a reset and gives no delta', () => {
    expect(counterDelta(5_000, 10)).toBeNull(); // interface re-created
    expect(counterDelta(3_000_000_000, 1_000_000_000)).toBeNull(); // mid-range: not a wrap
    expect(counterDelta(2 ** 40, 12)).toBeNull(); // a 64-bit counter reset
  });
});

describe('counterRate', () => {
  it('is per second over the elapsed milliseconds', () => {
    expect(counterRate(0, 500, 500)).toBe(1000);
    expect(counterRate(4_294_967_000, 704, 2000)).toBe(500);
  });

  it('is never negative or absurd across a reset', () => {
    expect(counterRate(1_000_000, 3, 1000)).toBeNull();
  });

  it('gives no rate when no time elapsed', () => {
    expect(counterRate(1, 2, 0)).toBeNull();
  });
});

describe('ratesByKey', () => {
  const diff = (_name: string, a: number, b: number) => counterDelta(a, b);

  it('gives a new key no rate until its second reading and drops a vanished one', () => {
    const first = new Map([['eth0', 100], ['eth1', 50]]);
    const second = new Map([['eth0', 300], ['wlan0', 10]]);
    expect(ratesByKey(first, second, diff)).toEqual([200]);
    const third = new Map([['eth0', 400], ['wlan0', 40]]);
    expect(ratesByKey(second, third, diff)).toEqual([100, 30]);
  });

  it('skips a key whose counter was reset, and rates it again from the next reading', () => {
    const first = new Map([['eth0', 9_000]]);
    const reset = new Map([['eth0', 10]]);
    const after = new Map([['eth0', 60]]);
    expect(ratesByKey(first, reset, diff)).toEqual([]);
    expect(ratesByKey(reset, after, diff)).toEqual([50]);
  });
});

describe('cpuPercents', () => {
  it('splits the interval into five shares that add to 100', () => {
    const p = cpuPercents(cpu({}), cpu({ user: 20, nice: 5, system: 10, irq: 3, softirq: 2, iowait: 10, steal: 5, idle: 45 }));
    expect(p).toEqual({ userPct: 25, systemPct: 15, iowaitPct: 10, stealPct: 5, idlePct: 45 });
  });

  it('counts a field that went backwards (iowait on tickless CPUs) as zero, never negative', () => {
    const p = cpuPercents(cpu({ iowait: 100, idle: 0 }), cpu({ iowait: 90, idle: 100 }));
    expect(p.iowaitPct).toBe(0);
    expect(p.idlePct).toBe(100);
  });

  it('reads as idle when no tick elapsed', () => {
    expect(cpuPercents(cpu({ user: 5 }), cpu({ user: 5 })).idlePct).toBe(100);
  });
});
