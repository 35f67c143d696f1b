import { describe, expect, it } from 'vitest';
import { createFsCollector, createTempsCollector, temperaturesOf } from './si-slow.js';

describe('temperaturesOf', () => {
  it('names each sensor and drops the ones systeminformation reports as missing', () => {
    expect(temperaturesOf({ main: 48.5, cores: [47, -1], max: 50, socket: [49], chipset: null as unknown as number })).toEqual([
      { label: 'cpu', celsius: 48.5 },
      { label: 'core0', celsius: 47 },
      { label: 'socket0', celsius: 49 },
    ]);
  });
});

describe('createTempsCollector', () => {
  it('leaves temps out on a host without sensors and stops asking after the first empty reading', async () => {
    let calls = 0;
    const collector = createTempsCollector(async () => {
      calls += 1;
      return { main: null as unknown as number, cores: [], max: null as unknown as number };
    });
    expect(await collector.collect()).toEqual({});
    expect(await collector.collect()).toEqual({});
    expect(calls).toBe(1);
  });
});

describe('createFsCollector', () => {
  it('reports each mount once with its available bytes, and skips pseudo-filesystems of size 0', async () => {
    const entry = (fs: string, mount: string, size: number) => ({ fs, type: 'ext4', size, used: size / 2, available: size / 4, use: 67, mount, rw: true });
    const collector = createFsCollector(async () => [entry('/dev/vda1', '/', 100), entry('/dev/vda1', '/', 100), entry('tmpfs', '/run', 0), entry('/dev/vdb', '/data', 40)]);
    expect(await collector.collect()).toEqual({
      fs: [
        { mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 50, availableBytes: 25 },
        { mount: '/data', fsType: 'ext4', sizeBytes: 40, usedBytes: 20, availableBytes: 10 },
      ],
    });
  });
});
