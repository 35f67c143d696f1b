import type { CpuTimes, HostSample } from '@hostpulse/protocol';

/** CPU times that are `busyPct` busy, all of it user time. */
export function busy(busyPct: number): CpuTimes {
  return { userPct: busyPct, systemPct: 0, iowaitPct: 0, stealPct: 0, idlePct: 100 - busyPct };
}

/**
 * A whole sample for the dashboard's unit tests: host web-1, run `runId`, taken at
 * seq seconds (received 50 ms later), 2% busy, with `extra` laid over it.
 */
export function testSample(seq: number, extra: Partial<HostSample> = {}): HostSample {
  return {
    hostId: 'web-1',
    runId: 'run-a',
    seq,
    tsMs: 1_000_000 + seq * 1000,
    hubRxMs: 1_000_050 + seq * 1000,
    intervalMs: 1000,
    uptimeSec: 100 + seq,
    processCount: 10,
    cpu: { total: busy(2), cores: [] },
    load: { one: 0, five: 0, fifteen: 0 },
    mem: { totalBytes: 100, usedBytes: 50, availableBytes: 50, cachedBytes: 0, buffersBytes: 0 },
    swap: { totalBytes: 0, usedBytes: 0 },
    net: [],
    disk: [],
    ...extra,
  };
}
