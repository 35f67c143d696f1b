import { describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import type { Sample } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import type { Collector, Metrics } from './collectors/collector.js';
import { Sampler } from './sampler.js';

const idle = { userPct: 0, systemPct: 0, iowaitPct: 0, stealPct: 0, idlePct: 100 };
const base: Metrics = {
  uptimeSec: 10,
  processCount: 3,
  cpu: { total: idle, cores: [idle] },
  load: { one: 0.5, five: 0.4, fifteen: 0.3 },
  mem: { totalBytes: 1000, usedBytes: 400, availableBytes: 600, cachedBytes: 100, buffersBytes: 10 },
  swap: { totalBytes: 0, usedBytes: 0 },
  net: [],
  disk: [],
};

/** A collector that returns `values` in turn; an Error among them is thrown instead. */
function fake(name: string, provides: Collector['provides'], values: (Partial<Metrics> | Error)[], everyMs?: number): Collector {
  let i = 0;
  return {
    name,
    provides,
    everyMs,
    async collect() {
      const value = values[Math.min(i++, values.length - 1)]!;
      if (value instanceof Error) throw value;
      return value;
    },
  };
}

function sampler(collectors: Collector[]) {
  const lines: string[] = [];
  const samples: Sample[] = [];
  const s = new Sampler({
    hostId: 'h1',
    runId: 'r1',
    intervalMs: 1000,
    collectors,
    log: createLogger('agent', 'debug', (line) => lines.push(line)),
    onSample: (sample) => samples.push(sample),
    now: () => 1_700_000_000_000 + samples.length * 1000,
  });
  return { s, lines, samples };
}

const { cpu: _cpu, net: _net, ...others } = base;
const rest = fake('rest', ['uptimeSec', 'processCount', 'load', 'mem', 'swap', 'disk'], [others]);
const net = (rx: number) => ({ net: [{ name: 'eth0', rxBytesPerSec: rx, txBytesPerSec: 1, rxPacketsPerSec: 1, txPacketsPerSec: 1, rxErrorsPerSec: 0, txErrorsPerSec: 0 }] });

describe('Sampler', () => {
  it('numbers samples 1, 2, 3 and stamps ids and time', async () => {
    const { s, samples } = sampler([fake('cpu', ['cpu'], [{ cpu: base.cpu }]), fake('net', ['net'], [net(5)]), rest]);
    await s.tick();
    await s.tick();
    await s.tick();
    expect(samples.map((x) => [x.seq, x.runId, x.hostId, x.intervalMs])).toEqual([[1, 'r1', 'h1', 1000], [2, 'r1', 'h1', 1000], [3, 'r1', 'h1', 1000]]);
    expect(samples.every((x) => isValid('Sample', x))).toBe(true);
  });

  it('keeps sampling when a collector throws: its field repeats the last good value, with one log line', async () => {
    const netCollector = fake('net', ['net'], [net(5), new Error('EACCES /proc/net/dev'), new Error('EACCES /proc/net/dev'), net(7)]);
    const { s, samples, lines } = sampler([fake('cpu', ['cpu'], [{ cpu: base.cpu }]), netCollector, rest]);
    for (let i = 0; i < 4; i++) await s.tick();
    expect(samples.map((x) => x.net[0]!.rxBytesPerSec)).toEqual([5, 5, 5, 7]);
    expect(samples.every((x) => isValid('Sample', x))).toBe(true);
    expect(lines.filter((l) => l.includes('collector failed'))).toHaveLength(1);
    expect(lines.find((l) => l.includes('collector failed'))).toMatch(/source=net .*EACCES/);
    expect(lines.filter((l) => l.includes('recovered source=net'))).toHaveLength(1);
  });

  it('holds samples back, without spending a seq, until a failing required field has been read once', async () => {
    const cpu = fake('cpu', ['cpu'], [new Error('no /proc/stat'), { cpu: base.cpu }]);
    const { s, samples, lines } = sampler([cpu, fake('net', ['net'], [net(1)]), rest]);
    expect(await s.tick()).toBeNull();
    expect(samples).toHaveLength(0);
    expect(lines.some((l) => l.includes('sample held back') && l.includes('missing cpu'))).toBe(true);
    const sample = await s.tick();
    expect(sample?.seq).toBe(1);
  });

  it('leaves an optional field out when its slow collector fails, and adds it when one succeeds', async () => {
    const fs = fake('fs', ['fs'], [new Error('df timed out'), { fs: [{ mount: '/', fsType: 'ext4', sizeBytes: 10, usedBytes: 5 }] }], 0);
    const { s, samples } = sampler([fake('cpu', ['cpu'], [{ cpu: base.cpu }]), fake('net', ['net'], [net(1)]), rest, fs]);
    await s.tick();
    await new Promise((r) => setTimeout(r, 10));
    await s.tick();
    // The first run failed: sample 1 has no fs. Runs 2 and 3 (due at once, everyMs 0) succeed.
    expect(samples.map((x) => x.fs?.length)).toEqual([undefined, 1]);
    expect(samples.every((x) => isValid('Sample', x))).toBe(true);
  });

  it('sends a slow collector\'s result once, not on every following sample', async () => {
    const temps = fake('temps', ['temps'], [{ temps: [{ label: 'cpu', celsius: 50 }] }], 60_000);
    const { s, samples } = sampler([fake('cpu', ['cpu'], [{ cpu: base.cpu }]), fake('net', ['net'], [net(1)]), rest, temps]);
    await s.tick();
    await s.tick();
    await s.tick();
    expect(samples.map((x) => x.temps?.[0]?.celsius)).toEqual([50, undefined, undefined]);
  });
});
