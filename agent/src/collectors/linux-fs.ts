import { readFile, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Filesystem } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { FailureLog } from '../failure-log.js';
import { isListedMount, parseMounts, type MountEntry } from '../procfs/mounts.js';
import { MAX_ROWS, type Collector } from './collector.js';
import { FS_EVERY_MS } from './si-slow.js';

/** The filesystem calls the collector makes; tests pass fakes. */
export interface FsProbe {
  statfs: (path: string) => Promise<{ blocks: number; bfree: number; bavail: number; bsize: number }>;
  /** Only `dev` is used: bind mounts of one filesystem share it. */
  stat: (path: string) => Promise<{ dev: number }>;
}

/** Where the Linux filesystem collector reads from and how it logs a mount it cannot read. */
export interface LinuxFsOptions {
  log: Logger;
  procRoot?: string;
  probe?: FsProbe;
  /** A mount whose statfs takes longer is left out of this reading (a hung NFS server). */
  probeTimeoutMs?: number;
}

interface Probed {
  entry: MountEntry;
  dev: number;
  sizeBytes: number;
  usedBytes: number;
  availableBytes: number;
}

/**
 * Filesystem usage per mount from /proc/self/mounts and statfs: no child process.
 * statfs and stat run on libuv's threadpool, so a hung mount never blocks a tick;
 * it is not asked again until its pending call returns, so it holds at most one
 * of the pool's threads. A mount that cannot be read is left out and logged.
 */
export function createLinuxFsCollector({ log, procRoot = '/proc', probe = { statfs, stat }, probeTimeoutMs = 5000 }: LinuxFsOptions): Collector {
  const failures = new FailureLog(log);
  const pending = new Set<string>();

  const probeMount = async (entry: MountEntry): Promise<Probed | null> => {
    const source = `fs ${entry.mountPoint}`;
    if (pending.has(entry.mountPoint)) {
      failures.failed(source, 'filesystem skipped', new Error('statfs from an earlier reading has not returned'));
      return null;
    }
    pending.add(entry.mountPoint);
    const call = (async () => {
      // statfs first: when it hangs, stat is never issued, so a hung mount holds one thread.
      const s = await probe.statfs(entry.mountPoint);
      const { dev } = await probe.stat(entry.mountPoint);
      // As df: used is what is not free; available leaves out the blocks reserved for root.
      return { entry, dev, sizeBytes: s.blocks * s.bsize, usedBytes: Math.max(0, s.blocks - s.bfree) * s.bsize, availableBytes: Math.max(0, s.bavail) * s.bsize };
    })().finally(() => pending.delete(entry.mountPoint));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`statfs took longer than ${probeTimeoutMs} ms`)), probeTimeoutMs);
    });
    try {
      const result = await Promise.race([call, timeout]);
      failures.succeeded(source);
      return result;
    } catch (err) {
      failures.failed(source, 'filesystem skipped', err);
      return null;
    } finally {
      clearTimeout(timer);
      // A call that loses the race still settles later; its rejection is already reported.
      call.catch(() => undefined);
    }
  };

  return {
    name: 'linux-fs',
    provides: ['fs'],
    everyMs: FS_EVERY_MS,
    async collect() {
      // A mount point listed twice was mounted over; statfs sees the top one, the last listed.
      const byMount = new Map<string, MountEntry>();
      for (const entry of parseMounts(await readFile(join(procRoot, 'self/mounts'), 'utf8'))) {
        byMount.delete(entry.mountPoint);
        if (isListedMount(entry)) byMount.set(entry.mountPoint, entry);
      }
      const probed = (await Promise.all([...byMount.values()].map(probeMount))).filter((p): p is Probed => p !== null && p.sizeBytes > 0);
      return { fs: dedupeBindMounts(probed).slice(0, MAX_ROWS).map(toFilesystem) };
    },
  };
}

/**
 * One entry per filesystem, as df shows it: of the mounts sharing a device, the
 * one nearest the root wins, and a source that is a path beats one that is not.
 */
export function dedupeBindMounts<T extends { entry: MountEntry; dev: number }>(probed: T[]): T[] {
  const byDev = new Map<number, T>();
  for (const p of probed) {
    const kept = byDev.get(p.dev);
    const isPath = (q: T) => q.entry.source.includes('/');
    if (!kept || (isPath(p) && !isPath(kept)) || (isPath(p) === isPath(kept) && p.entry.mountPoint.length < kept.entry.mountPoint.length)) {
      byDev.set(p.dev, p);
    }
  }
  // Keep the mount table's order, which is the order the filesystems were mounted in.
  const keep = new Set(byDev.values());
  return probed.filter((p) => keep.has(p));
}

function toFilesystem(p: Probed): Filesystem {
  return { mount: p.entry.mountPoint.slice(0, 256), fsType: p.entry.fsType.slice(0, 64), sizeBytes: p.sizeBytes, usedBytes: p.usedBytes, availableBytes: p.availableBytes };
}
