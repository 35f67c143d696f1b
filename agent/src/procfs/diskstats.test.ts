import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDiskstats } from './diskstats.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseDiskstats', () => {
  it('reads this machine\'s 6.18 text with 20 fields (discard and flush columns)', () => {
    const disks = parseDiskstats(fixture('linux-6.18-diskstats.txt'));
    expect(disks.get('vda')).toEqual({ readsCompleted: 35416, sectorsRead: 1776162, writesCompleted: 19866, sectorsWritten: 2486896, ioTicksMs: 5452 });
    expect(disks.has('loop0')).toBe(true);
  });

  it('reads 4.18 text with 18 fields the same way', () => {
    const disks = parseDiskstats(fixture('linux-4.18-diskstats.txt'));
    expect(disks.get('nvme0n1')).toEqual({ readsCompleted: 2317125, sectorsRead: 169418366, writesCompleted: 8451072, sectorsWritten: 474287642, ioTicksMs: 2947184 });
  });

  it('reads 3.10 text with 14 fields', () => {
    const disks = parseDiskstats(fixture('linux-3.10-diskstats.txt'));
    expect(disks.get('sda')).toEqual({ readsCompleted: 6432, sectorsRead: 433126, writesCompleted: 38762, sectorsWritten: 1096048, ioTicksMs: 29862 });
    expect(disks.size).toBe(6);
  });

  it('skips the 7-field partition lines of 2.6.18 and keeps its whole disks', () => {
    const disks = parseDiskstats(fixture('linux-2.6.18-diskstats.txt'));
    expect([...disks.keys()]).toEqual(['ram0', 'loop0', 'sda', 'dm-0']);
    expect(disks.get('sda')?.ioTicksMs).toBe(560129);
  });

  it('refuses a full-length line with a non-number', () => {
    expect(() => parseDiskstats('8 0 sda 1 2 3 4 5 6 7 x 9 10 11\n')).toThrow(/sda/);
  });
});
