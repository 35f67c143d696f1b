import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostSample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { decodeBlock, encodeBlock } from './chunk-codec.js';
import { RowBlock } from './row-block.js';

const figure = fc.oneof(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 10000 }).map((v) => v / 100), fc.double({ min: 0, max: 1e15, noNaN: true }));
const cpu = fc.record({ userPct: figure, systemPct: figure, iowaitPct: figure, stealPct: figure, idlePct: figure });
const names = (pool: string[]) => fc.uniqueArray(fc.constantFrom(...pool), { maxLength: pool.length });

/** Samples of one run with lists that come and go: interfaces, devices, filesystems every few, sensors. */
const samples = fc.array(
  fc.record({
    cores: fc.array(cpu, { maxLength: 6 }),
    net: names(['lo', 'eth0', 'eth0.100', 'wg/0', 'docker:1']),
    disk: names(['sda', 'nvme0n1', 'dm-0']),
    fs: fc.option(names(['/', '/boot', '/var/lib/docker', '']), { nil: undefined }),
    /** Whether the agent sends filesystems' available bytes (older agents do not). */
    fsAvailable: fc.boolean(),
    /** Whether the agent sends interfaces' drops and which devices count in totals (older agents do not). */
    newer: fc.boolean(),
    temps: fc.option(names(['Package id 0', 'Core 0', 'nvme']), { nil: undefined }),
    values: fc.array(figure, { minLength: 64, maxLength: 64 }),
    gapMs: fc.integer({ min: 1, max: 5000 }),
  }),
  { minLength: 1, maxLength: 40 },
).map((specs) => {
  let tsMs = 1_795_000_000_000;
  return specs.map((spec, i): HostSample => {
    tsMs += spec.gapMs;
    let k = 0;
    const v = () => spec.values[k++ % spec.values.length]!;
    const sample: HostSample = {
      hostId: 'h',
      runId: 'run-1',
      seq: i + 1,
      tsMs,
      intervalMs: 1000,
      uptimeSec: v(),
      processCount: Math.round(v()),
      cpu: { total: { userPct: v(), systemPct: v(), iowaitPct: v(), stealPct: v(), idlePct: v() }, cores: spec.cores },
      load: { one: v(), five: v(), fifteen: v() },
      mem: { totalBytes: v(), usedBytes: v(), availableBytes: v(), cachedBytes: v(), buffersBytes: v() },
      swap: { totalBytes: v(), usedBytes: v() },
      net: spec.net.map((name) => ({
        name, rxBytesPerSec: v(), txBytesPerSec: v(), rxPacketsPerSec: v(), txPacketsPerSec: v(), rxErrorsPerSec: v(), txErrorsPerSec: v(),
        ...(spec.newer ? { rxDroppedPerSec: v(), txDroppedPerSec: v(), inTotal: name.startsWith('eth0') } : {}),
      })),
      disk: spec.disk.map((name) => ({ name, readBytesPerSec: v(), writeBytesPerSec: v(), readOpsPerSec: v(), writeOpsPerSec: v(), busyPct: v(), ...(spec.newer ? { inTotal: name !== 'dm-0' } : {}) })),
      hubRxMs: tsMs + 3,
    };
    if (spec.fs) sample.fs = spec.fs.map((mount) => ({ mount, fsType: mount === '/boot' ? 'vfat' : 'ext4', sizeBytes: v(), usedBytes: v(), ...(spec.fsAvailable ? { availableBytes: v() } : {}) }));
    if (spec.temps) sample.temps = spec.temps.map((label) => ({ label, celsius: v() }));
    return sample;
  });
});

/** Fills blocks as a host does, opening a new one whenever the open one refuses a sample. */
function fill(input: HostSample[], capacity: number): RowBlock[] {
  const blocks = [new RowBlock('run-1', capacity)];
  for (const s of input) {
    if (!blocks.at(-1)!.accepts(s)) blocks.push(new RowBlock('run-1', capacity));
    expect(blocks.at(-1)!.accepts(s)).toBe(true);
    blocks.at(-1)!.append(s);
  }
  return blocks;
}

const hostSample = (seq: number): HostSample => ({ ...makeSample('h', 'run-1', seq), hubRxMs: 5 });

describe('RowBlock', () => {
  it('gives back every sample exactly, through encoding and decoding', () => {
    fc.assert(
      fc.property(samples, fc.integer({ min: 1, max: 64 }), (input, capacity) => {
        const open = fill(input, capacity);
        const stored = open.map((rows) => RowBlock.fromBlock(decodeBlock(encodeBlock(rows.toBlock()))));
        for (const blocks of [open, stored]) {
          const rebuilt = blocks.flatMap((rows) => Array.from({ length: rows.n }, (_, i) => rows.sample('h', i)));
          expect(rebuilt).toEqual(input);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reads a chunk stored before filesystems had available bytes, giving them none', () => {
    const rows = new RowBlock('run-1', 4);
    const sample = hostSample(1);
    const fs = [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60, availableBytes: 30 }];
    rows.append({ ...sample, fs });
    const block = rows.toBlock();
    const olderBlock = { ...block, columns: block.columns.filter(([key]) => !key.startsWith('fs/availableBytes/')) };
    const stored = RowBlock.fromBlock(decodeBlock(encodeBlock(olderBlock)));
    expect(stored.sample('h', 0)).toEqual({ ...sample, fs: [{ mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 60 }] });
    expect(RowBlock.fromBlock(decodeBlock(encodeBlock(block))).sample('h', 0).fs).toEqual(fs);
  });

  it('refuses another run, an old seq, a full block, a filesystem changing type and lists out of order', () => {
    const full = new RowBlock('run-1', 1);
    full.append(hostSample(1));
    expect(full.accepts(hostSample(2))).toBe(false);
    const rows = new RowBlock('run-1', 8);
    rows.append({ ...hostSample(1), fs: [{ mount: '/', fsType: 'ext4', sizeBytes: 1, usedBytes: 1 }] });
    expect(rows.accepts({ ...hostSample(2), runId: 'run-2' })).toBe(false);
    expect(rows.accepts(hostSample(1))).toBe(false);
    expect(rows.accepts({ ...hostSample(2), fs: [{ mount: '/', fsType: 'xfs', sizeBytes: 1, usedBytes: 1 }] })).toBe(false);
    expect(rows.accepts({ ...hostSample(2), net: [...hostSample(2).net].reverse() })).toBe(false);
    expect(rows.accepts({ ...hostSample(2), net: [...hostSample(2).net, { ...hostSample(2).net[0]!, name: 'eth1' }] })).toBe(true);
    expect(rows.accepts({ ...hostSample(2), fs: [{ mount: '/', fsType: 'ext4', sizeBytes: 2, usedBytes: 1 }] })).toBe(true);
  });
});
