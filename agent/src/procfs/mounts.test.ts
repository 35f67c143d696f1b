import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeMountField, isListedMount, parseMounts } from './mounts.js';

const fixture = readFileSync(new URL('../../fixtures/mounts-mixed.txt', import.meta.url), 'utf8');

describe('parseMounts', () => {
  it('reads every line and decodes the octal escapes in mount points', () => {
    const entries = parseMounts(fixture);
    expect(entries).toHaveLength(17);
    expect(entries[5]).toEqual({ source: '/dev/mapper/vg0-root', mountPoint: '/', fsType: 'ext4' });
    expect(entries.map((e) => e.mountPoint)).toContain('/mnt/Backup Disk');
    expect(entries.map((e) => e.mountPoint)).toContain('/mnt/tab\tand\\slash');
  });

  it('skips blank and truncated lines', () => {
    expect(parseMounts('\n/dev/sda1 /\n/dev/sda2 /home ext4 rw 0 0\n')).toEqual([{ source: '/dev/sda2', mountPoint: '/home', fsType: 'ext4' }]);
  });

  it('leaves a backslash that starts no octal escape alone', () => {
    expect(decodeMountField('/a\\b\\0401')).toBe('/a\\b 1');
  });
});

describe('isListedMount', () => {
  it('keeps the filesystems systeminformation listed and drops pseudo, memory and snap filesystems', () => {
    const listed = parseMounts(fixture).filter(isListedMount).map((e) => e.mountPoint);
    expect(listed).toEqual([
      '/',
      '/boot/efi',
      '/mnt/Backup Disk',
      '/srv/backup',
      '/mnt/media',
      '/var/lib/docker/overlay2/3f1c/merged',
      '/mnt/tab\tand\\slash',
    ]);
  });

  it('keeps a root filesystem of any type, as a container\'s overlay or tmpfs root', () => {
    expect(isListedMount({ source: 'rootfs', mountPoint: '/', fsType: 'tmpfs' })).toBe(true);
  });
});
