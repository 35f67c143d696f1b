import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import { fsUsedPct, type Filesystem } from '@hostpulse/protocol';
import { createLinuxFsCollector, type FsProbe } from './linux-fs.js';

/** A /proc root holding only self/mounts with the given text. */
function procWithMounts(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'hostpulse-mounts-'));
  mkdirSync(join(root, 'self'));
  writeFileSync(join(root, 'self', 'mounts'), text);
  return root;
}

const GiB = 1024 ** 3;

/** statfs figures per mount point, in 4 KiB blocks, and the device each one is on. */
function fakeProbe(disks: Record<string, { dev: number; blocks: number; bfree: number; bavail?: number } | Error | 'hang'>): FsProbe & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    statfs: async (path) => {
      calls.push(path);
      const disk = disks[path];
      if (disk === 'hang') return new Promise(() => undefined);
      if (!disk || disk instanceof Error) throw disk ?? new Error(`ENOENT: ${path}`);
      return { blocks: disk.blocks, bfree: disk.bfree, bavail: disk.bavail ?? disk.bfree, bsize: 4096 };
    },
    stat: async (path) => ({ dev: (disks[path] as { dev: number }).dev }),
  };
}

describe('createLinuxFsCollector', () => {
  it('reports size, df-style used and available bytes per filesystem, once per bind-mounted device, without size-0 ones', async () => {
    const proc = procWithMounts(
      [
        'proc /proc proc rw 0 0',
        '/dev/vda1 / ext4 rw 0 0',
        '/dev/vdb1 /srv/data\\040set xfs rw 0 0',
        '/dev/vdb1 /srv/data\\040set/bound xfs rw 0 0',
        '/dev/vdb1 /a xfs rw 0 0',
        'fuse /mnt/empty fuse.sshfs rw 0 0',
        'tmpfs /run tmpfs rw 0 0',
      ].join('\n'),
    );
    const probe = fakeProbe({
      '/': { dev: 1, blocks: GiB / 4096, bfree: GiB / 4096 / 4, bavail: GiB / 4096 / 8 },
      '/srv/data set': { dev: 2, blocks: 1000, bfree: 1000 },
      '/srv/data set/bound': { dev: 2, blocks: 1000, bfree: 1000 },
      '/a': { dev: 2, blocks: 1000, bfree: 1000 },
      '/mnt/empty': { dev: 3, blocks: 0, bfree: 0 },
    });
    const collector = createLinuxFsCollector({ log: createLogger('agent', 'error', () => undefined), procRoot: proc, probe });
    expect(await collector.collect()).toEqual({
      fs: [
        { mount: '/', fsType: 'ext4', sizeBytes: GiB, usedBytes: (GiB * 3) / 4, availableBytes: GiB / 8 },
        { mount: '/a', fsType: 'xfs', sizeBytes: 4_096_000, usedBytes: 0, availableBytes: 4_096_000 },
      ],
    });
    // Pseudo and memory filesystems are never asked.
    expect(probe.calls).not.toContain('/proc');
    expect(probe.calls).not.toContain('/run');
  });

  it('leaves out a mount statfs cannot read, logs it once, and does not ask a hung one again while it hangs', async () => {
    const proc = procWithMounts(['/dev/vda1 / ext4 rw 0 0', 'nas:/x /mnt/gone nfs4 rw 0 0', 'nas:/y /mnt/hung nfs4 rw 0 0'].join('\n'));
    const probe = fakeProbe({
      '/': { dev: 1, blocks: 100, bfree: 50 },
      '/mnt/gone': Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }),
      '/mnt/hung': 'hang',
    });
    const lines: string[] = [];
    const collector = createLinuxFsCollector({ log: createLogger('agent', 'debug', (l) => lines.push(l)), procRoot: proc, probe, probeTimeoutMs: 20 });
    const root: Filesystem = { mount: '/', fsType: 'ext4', sizeBytes: 409_600, usedBytes: 204_800, availableBytes: 204_800 };
    expect(await collector.collect()).toEqual({ fs: [root] });
    expect(await collector.collect()).toEqual({ fs: [root] });
    expect(probe.calls.filter((p) => p === '/mnt/hung')).toHaveLength(1);
    expect(probe.calls.filter((p) => p === '/mnt/gone')).toHaveLength(2);
    const skipped = lines.filter((l) => l.includes('filesystem skipped'));
    expect(skipped).toHaveLength(2);
    expect(skipped.join('\n')).toMatch(/\/mnt\/gone.*EACCES/);
    expect(skipped.join('\n')).toMatch(/\/mnt\/hung.*longer than 20 ms/);
  });
});

/** `df -P -B1` rows by mount point; `-P` keeps each row on one line. */
function dfRows(): Map<string, { sizeBytes: number; usedBytes: number }> {
  const rows = new Map<string, { sizeBytes: number; usedBytes: number }>();
  for (const line of execFileSync('df', ['-P', '-B1'], { encoding: 'utf8' }).split('\n').slice(1)) {
    const m = /^.+?\s+(\d+)\s+(\d+)\s+\d+\s+\S+\s+(\/.*)$/.exec(line);
    if (m) rows.set(m[3]!, { sizeBytes: Number(m[1]), usedBytes: Number(m[2]) });
  }
  return rows;
}

describe('createLinuxFsCollector on this machine', () => {
  it('lists only mounts df lists too and agrees with df -P -B1 on their sizes, within one block', async () => {
    const collector = createLinuxFsCollector({ log: createLogger('agent', 'error', () => undefined) });
    const before = dfRows();
    const { fs = [] } = await collector.collect();
    const after = dfRows();
    expect(fs.map((f) => f.mount)).toContain('/');
    for (const f of fs) {
      const [a, b] = [before.get(f.mount), after.get(f.mount)];
      expect(a, `df lists ${f.mount}`).toBeDefined();
      const { bsize } = await statfs(f.mount);
      expect(Math.abs(f.sizeBytes - a!.sizeBytes), f.mount).toBeLessThanOrEqual(bsize);
      // Used moves while the test runs (builds write beside it): it must lie between
      // the two df readings, with a block of rounding and a few MiB of slack.
      const slackBytes = bsize + 8 * 1024 * 1024;
      expect(f.usedBytes, f.mount).toBeGreaterThanOrEqual(Math.min(a!.usedBytes, b!.usedBytes) - slackBytes);
      expect(f.usedBytes, f.mount).toBeLessThanOrEqual(Math.max(a!.usedBytes, b!.usedBytes) + slackBytes);
    }
  });
});

/** `df --output=pcent,avail` of one mount point, in bytes: its used percent (rounded up, as df does) and available bytes. */
function dfPcentAvail(mount: string): { pcent: number; availBytes: number } {
  const [, row = ''] = execFileSync('df', ['-B1', '--output=pcent,avail', mount], { encoding: 'utf8' }).split('\n');
  const m = /^\s*(\d+)%\s+(\d+)\s*$/.exec(row);
  if (!m) throw new Error(`unexpected df row: ${row}`);
  return { pcent: Number(m[1]), availBytes: Number(m[2]) };
}

describe('createLinuxFsCollector on an ext4 filesystem with 5% reserved for root', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hostpulse-ext4-'));
  const image = join(dir, 'fs.img');
  const mount = join(dir, 'mnt');
  let loop = '';
  let mounted = false;

  beforeAll(() => {
    execFileSync('truncate', ['-s', '128M', image]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-m', '5', image]);
    loop = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
    mkdirSync(mount);
    execFileSync('mount', [loop, mount]);
    mounted = true;
    // About two thirds full, so the reserved blocks move the percent by several points.
    writeFileSync(join(mount, 'data'), Buffer.alloc(80 * 1024 * 1024, 1));
    execFileSync('sync', ['-f', mount]);
  });

  afterAll(() => {
    if (mounted) execFileSync('umount', [mount]);
    if (loop) execFileSync('losetup', ['-d', loop]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the used percent and available bytes df gives', async () => {
    const collector = createLinuxFsCollector({ log: createLogger('agent', 'error', () => undefined) });
    const { fs = [] } = await collector.collect();
    const ours = fs.find((f) => f.mount === mount);
    expect(ours, `the collector lists ${mount}`).toBeDefined();
    const df = dfPcentAvail(mount);
    expect(ours!.availableBytes).toBe(df.availBytes);
    expect(Math.ceil(fsUsedPct(ours!))).toBe(df.pcent);
    // The reserved blocks count as full: used / size would say less.
    expect(Math.ceil((ours!.usedBytes / ours!.sizeBytes) * 100)).toBeLessThan(df.pcent);
  });
});
