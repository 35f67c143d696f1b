import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import { isValid } from '@hostpulse/protocol/validate';
import { Sampler } from '../sampler.js';
import type { Collector } from './collector.js';
import { createProcfsCollectors } from './linux-procfs.js';

const fixtures = new URL('../../fixtures/', import.meta.url);

/** A fake /proc and /sys built from this machine's fixtures, which a test then edits. */
let root: string;
const proc = (file: string) => join(root, 'proc', file);
const byName = (collectors: Collector[], name: string) => collectors.find((c) => c.name === name)!;
const netLine = (name: string, rxBytes: number, txBytes: number) =>
  `  ${name}: ${rxBytes} 10 0 0 0 0 0 0 ${txBytes} 20 0 0 0 0 0 0`;
const netDev = (...lines: string[]) => `Inter-|   Receive\n face |bytes    packets\n${lines.join('\n')}\n`;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hostpulse-procfs-'));
  mkdirSync(join(root, 'proc', 'net'), { recursive: true });
  for (const name of ['vda', 'zram0', 'loop0']) mkdirSync(join(root, 'sys', 'block', name), { recursive: true });
  for (const f of ['stat', 'meminfo', 'loadavg', 'uptime', 'diskstats']) cpSync(new URL(`linux-6.18-${f}.txt`, fixtures), proc(f));
  cpSync(new URL('linux-6.18-net-dev.txt', fixtures), proc('net/dev'));
  for (const pid of ['1', '42', 'self', 'net']) mkdirSync(proc(pid), { recursive: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('procfs collectors', () => {
  it('report whole devices only (no loop, no partitions) and no loopback interface', async () => {
    const collectors = createProcfsCollectors({ procRoot: join(root, 'proc'), sysRoot: join(root, 'sys') });
    for (const c of collectors) await c.prime?.();
    const disk = await byName(collectors, 'procfs-disk').collect();
    expect(disk.disk!.map((d) => d.name).sort()).toEqual(['vda', 'zram0']);
    const net = await byName(collectors, 'procfs-net').collect();
    expect(net.net!.map((n) => n.name)).toEqual(['ifb0', 'ifb1', 'eth0']);
    expect(await byName(collectors, 'procfs-processes').collect()).toEqual({ processCount: 2 });
  });

  it('rate a wrapped interface, skip a reset one, and add a new one from its second reading', async () => {
    writeFileSync(proc('net/dev'), netDev(netLine('eth0', 4_294_966_296, 0), netLine('eth1', 900_000, 0)));
    let clockMs = 0;
    const now = () => (clockMs += 1000);
    const [net] = createProcfsCollectors({ procRoot: join(root, 'proc'), sysRoot: join(root, 'sys'), now }).filter((c) => c.name === 'procfs-net');
    await net!.prime!();
    writeFileSync(proc('net/dev'), netDev(netLine('eth0', 1000, 0), netLine('eth1', 5, 0), netLine('wlan0', 10, 0)));
    const second = (await net!.collect()).net!;
    // eth0 wrapped 2000 bytes in one second; eth1 went backwards mid-range (a reset): no rate.
    expect(second).toEqual([expect.objectContaining({ name: 'eth0', rxBytesPerSec: 2000, rxPacketsPerSec: 0 })]);
    writeFileSync(proc('net/dev'), netDev(netLine('eth0', 2000, 0), netLine('eth1', 10, 0), netLine('wlan0', 20, 0)));
    const third = (await net!.collect()).net!;
    expect(third.map((n) => [n.name, n.rxBytesPerSec])).toEqual([['eth0', 1000], ['eth1', 5], ['wlan0', 10]]);
  });

  it('report nothing, rather than zeros, until a rate collector has two readings', async () => {
    const cpu = createProcfsCollectors({ procRoot: join(root, 'proc'), sysRoot: join(root, 'sys') }).find((c) => c.name === 'procfs-cpu')!;
    expect(await cpu.collect()).toEqual({});
    // 300 more user ticks and 100 more idle ones than this machine's fixture.
    writeFileSync(proc('stat'), 'cpu  5408 0 2897 71547 322 0 66 13 0 0\n');
    expect((await cpu.collect()).cpu?.total).toEqual({ userPct: 75, systemPct: 0, iowaitPct: 0, stealPct: 0, idlePct: 25 });
  });

  it('turn diskstats into bytes/s (512-byte sectors), ops/s and busy % from io_ticks', async () => {
    const line = (sectorsRead: number, ioTicksMs: number) => ` 254 0 vda 100 0 ${sectorsRead} 0 50 0 800 0 0 ${ioTicksMs} 0 0 0 0 0 0 0`;
    writeFileSync(proc('diskstats'), line(1000, 4_294_967_096) + '\n');
    let clockMs = 0;
    const now = () => (clockMs += 1000);
    const [disk] = createProcfsCollectors({ procRoot: join(root, 'proc'), sysRoot: join(root, 'sys'), now }).filter((c) => c.name === 'procfs-disk');
    await disk!.prime!();
    // 2000 more sectors read; io_ticks (32-bit) wrapped after 250 more busy milliseconds.
    writeFileSync(proc('diskstats'), line(3000, 50) + '\n');
    expect(await disk!.collect()).toEqual({
      disk: [{ name: 'vda', readBytesPerSec: 1_024_000, writeBytesPerSec: 0, readOpsPerSec: 0, writeOpsPerSec: 0, busyPct: 25, inTotal: true }],
    });
  });

  it('leave virtual interfaces and stacked or virtual block devices out of the totals, each still reported, unless the rules say otherwise', async () => {
    const sys = (path: string) => mkdirSync(join(root, 'sys', path), { recursive: true });
    // Netdata's reading of sysfs: a bond's members are NICs, the bond, bridge, veth and VLAN are not.
    for (const name of ['bond0', 'docker0', 'veth1a2b', 'eth0.100']) sys(`devices/virtual/net/${name}`);
    const names = ['eth0', 'eth1', 'bond0', 'docker0', 'veth1a2b', 'eth0.100'];
    writeFileSync(proc('net/dev'), netDev(...names.map((name) => netLine(name, 0, 0))));
    // LVM on sda (sda holds dm-0), md0 over vda and sda, zram0: only vda and sda count.
    for (const name of ['sda', 'dm-0', 'md0']) sys(`block/${name}`);
    for (const name of ['dm-0', 'md0', 'zram0']) sys(`devices/virtual/block/${name}`);
    sys('block/dm-0/slaves/sda');
    sys('block/sda/holders/dm-0');
    const devices = ['vda', 'sda', 'dm-0', 'md0', 'zram0'];
    writeFileSync(proc('diskstats'), devices.map((name, i) => ` 8 ${i} ${name} 1 0 8 0 1 0 8 0 0 1 0 0 0 0 0 0 0`).join('\n') + '\n');
    const inTotal = async (options: Parameters<typeof createProcfsCollectors>[0]) => {
      const collectors = createProcfsCollectors({ procRoot: join(root, 'proc'), sysRoot: join(root, 'sys'), ...options });
      const [net, disk] = [byName(collectors, 'procfs-net'), byName(collectors, 'procfs-disk')];
      await net.prime!();
      await disk.prime!();
      return {
        net: Object.fromEntries((await net.collect()).net!.map((n) => [n.name, n.inTotal])),
        disk: Object.fromEntries((await disk.collect()).disk!.map((d) => [d.name, d.inTotal])),
      };
    };
    expect(await inTotal({})).toEqual({
      net: { eth0: true, eth1: true, bond0: false, docker0: false, veth1a2b: false, 'eth0.100': false },
      disk: { vda: true, sda: true, 'dm-0': false, md0: false, zram0: false },
    });
    expect(await inTotal({ netTotals: { include: /^(?:bond0|eth0\.100)$/, exclude: undefined }, diskTotals: { include: undefined, exclude: /^(?:vda)$/ } })).toEqual({
      net: { eth0: false, eth1: false, bond0: true, docker0: false, veth1a2b: false, 'eth0.100': true },
      disk: { vda: false, sda: true, 'dm-0': false, md0: false, zram0: false },
    });
  });

  it('produce a valid sample from this machine\'s real /proc', async () => {
    const samples: unknown[] = [];
    const sampler = new Sampler({
      hostId: 'test-host',
      runId: 'run-1',
      intervalMs: 1000,
      collectors: createProcfsCollectors(),
      log: createLogger('agent', 'error'),
      onSample: (s) => samples.push(s),
    });
    await sampler.start();
    sampler.stop();
    const sample = await sampler.tick();
    expect(isValid('Sample', sample)).toBe(true);
    expect(sample!.cpu.cores.length).toBeGreaterThan(0);
    expect(sample!.mem.totalBytes).toBeGreaterThan(0);
    expect(sample!.processCount).toBeGreaterThan(0);
    expect(samples).toEqual([sample]);
  });
});
