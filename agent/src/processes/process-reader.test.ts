import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOP_PROCESSES, type ProcessTable } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { ProcessReader, type ProcessSnapshot } from './process-reader.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const PAGE = 4096;

/** A /proc copied from the saved fixtures, which each test then edits between readings. */
let root: string;
let clockMs: number;

interface Fake {
  pid: number;
  comm?: string;
  state?: string;
  ticks?: number;
  threads?: number;
  start?: number;
  rssPages?: number;
  uid?: number;
  cmdline?: string;
  cgroup?: string;
}

/** Writes a process in the kernel's layout of stat (52 fields), status, cmdline and cgroup. */
function writeProcess({ pid, comm = `proc${pid}`, state = 'S', ticks = 0, threads = 1, start = 5000, rssPages = 100, uid = 0, cmdline = `${comm}\0`, cgroup = '0::/system.slice/app.service\n' }: Fake): void {
  const dir = join(root, String(pid));
  mkdirSync(dir, { recursive: true });
  const rest = Array(28).fill(0).join(' ');
  writeFileSync(join(dir, 'stat'), `${pid} (${comm}) ${state} 1 ${pid} ${pid} 0 -1 4194304 0 0 0 0 ${ticks} 0 0 0 20 0 ${threads} 0 ${start} 0 ${rssPages} ${rest}\n`);
  writeFileSync(join(dir, 'status'), `Name:\t${comm}\nState:\t${state}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\n`);
  writeFileSync(join(dir, 'cmdline'), cmdline);
  writeFileSync(join(dir, 'cgroup'), cgroup);
}

function reader(): ProcessReader {
  return new ProcessReader({ procRoot: root, passwdPath: join(FIXTURES, 'passwd.txt'), nowMs: () => clockMs, pageSizeBytes: PAGE });
}

/** Primes a reader, lets `edit` change /proc, waits 5 s on the fake clock and reads again. */
function readAfter(r: ProcessReader, edit: () => void = () => {}): ProcessSnapshot {
  if (r.read() !== null) throw new Error('the first reading must only prime');
  edit();
  clockMs += 5000;
  return r.read()!;
}

const rowOf = (snapshot: ProcessSnapshot, pid: number) => snapshot.processes.find((p) => p.pid === pid);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hostpulse-proc-'));
  cpSync(join(FIXTURES, 'proc'), root, { recursive: true });
  clockMs = 1000;
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('ProcessReader on saved /proc files', () => {
  it('primes on the first reading, then lists every saved process with its group and a valid table', () => {
    const snapshot = readAfter(reader());
    expect(snapshot.processCount).toBe(5);
    expect(snapshot.processes.map((p) => p.pid).sort((a, b) => a - b)).toEqual([1, 2, 3001, 3002, 30326]);
    const table: ProcessTable = { hostId: 'h', runId: 'r', tsMs: 1, intervalMs: 5000, ...snapshot };
    expect(isValid('ProcessTable', table)).toBe(true);
    for (const row of snapshot.processes) expect(snapshot.groups.map((g) => g.id)).toContain(row.groupId);
  });

  it('shows a kernel thread in the kernel group with no command line', () => {
    const kthreadd = rowOf(readAfter(reader()), 2)!;
    expect(kthreadd).toMatchObject({ name: 'kthreadd', command: '', groupId: 'kernel', user: 'root', rssBytes: 0 });
  });

  it('shows a zombie with state Z, its user and no command line', () => {
    expect(rowOf(readAfter(reader()), 3001)).toMatchObject({ state: 'Z', command: '', user: 'alice', rssBytes: 0 });
  });

  it('reads an odd name, a command line with NULs, newlines, invalid UTF-8 and a masked token', () => {
    expect(rowOf(readAfter(reader()), 3002)).toMatchObject({
      name: 'a) b (c',
      user: 'www-data',
      command: 'worker --name line one line two --token=*** café bad\uFFFD\uFFFDbytes',
      threads: 4,
      rssBytes: 24576 * PAGE,
      groupId: 'unit:worker.service',
    });
  });

  it('measures CPU since the previous reading, in percent of one core', () => {
    const r = reader();
    const snapshot = readAfter(r, () => {
      // pid 3002 had 1560 ticks; 250 more in 5 s is half a core.
      writeFileSync(join(root, '3002/stat'), readFixture('3002/stat').replace(' 1250 310 ', ' 1500 310 '));
    });
    expect(rowOf(snapshot, 3002)!.cpuPct).toBe(50);
    expect(rowOf(snapshot, 30326)!.cpuPct).toBe(0);
    expect(snapshot.processes[0]!.pid).toBe(3002);
    expect(snapshot.groups[0]).toMatchObject({ id: 'unit:worker.service', cpuPct: 50, processCount: 1 });
  });

  it('treats a pid reused between two readings as a new process, with its group read afresh', () => {
    writeProcess({ pid: 500, ticks: 10_000, start: 4000, cgroup: '0::/system.slice/old.service\n' });
    const snapshot = readAfter(reader(), () => {
      // The old pid 500 exited and a new process got the number: an earlier start is impossible, a later one is new.
      writeProcess({ pid: 500, ticks: 100, start: 90_000, cgroup: '0::/system.slice/new.service\n' });
    });
    // All 100 ticks of the new process fall in the 5 s since the last reading: 20 %, not a negative figure.
    expect(rowOf(snapshot, 500)).toMatchObject({ cpuPct: 20, groupId: 'unit:new.service' });
  });

  it('keeps a process’s group across readings without reading its cgroup again', () => {
    writeProcess({ pid: 600, ticks: 0, cgroup: '0::/system.slice/first.service\n' });
    const snapshot = readAfter(reader(), () => {
      writeFileSync(join(root, '600/cgroup'), '0::/system.slice/second.service\n');
      writeProcess({ pid: 600, ticks: 5, cgroup: '0::/system.slice/first.service\n' });
    });
    expect(rowOf(snapshot, 600)!.groupId).toBe('unit:first.service');
  });

  it('survives processes vanishing mid-read: counted when their stat was read, listed only when their details were', () => {
    writeProcess({ pid: 700 });
    writeProcess({ pid: 701 });
    const snapshot = readAfter(reader(), () => {
      rmSync(join(root, '3002/status'));
      rmSync(join(root, '700'), { recursive: true });
      writeFileSync(join(root, '701/stat'), '');
      mkdirSync(join(root, '702'));
    });
    expect(snapshot.processCount).toBe(5);
    expect(rowOf(snapshot, 3002)).toBeUndefined();
    expect(snapshot.groups.find((g) => g.id === 'unit:worker.service')).toMatchObject({ processCount: 1, rssBytes: 24576 * PAGE });
    for (const pid of [700, 701, 702]) expect(rowOf(snapshot, pid)).toBeUndefined();
  });

  it('lists the union of the top 15 by CPU and the top 15 by memory, busiest first, and counts every process in its group', () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    // 20 busy small processes in one unit and 20 idle large ones in another: the 15 busiest and 15 largest are listed.
    for (let i = 0; i < 20; i++) writeProcess({ pid: 1000 + i, rssPages: 10 + i, cgroup: '0::/system.slice/busy.service\n' });
    for (let i = 0; i < 20; i++) writeProcess({ pid: 2000 + i, rssPages: 10_000 + i, cgroup: '0::/system.slice/big.service\n' });
    const snapshot = readAfter(reader(), () => {
      for (let i = 0; i < 20; i++) writeProcess({ pid: 1000 + i, ticks: 10 * (i + 1), rssPages: 10 + i, cgroup: '0::/system.slice/busy.service\n' });
    });
    expect(snapshot.processes).toHaveLength(2 * TOP_PROCESSES);
    const pids = snapshot.processes.map((p) => p.pid);
    expect(pids.slice(0, TOP_PROCESSES)).toEqual(Array.from({ length: TOP_PROCESSES }, (_, i) => 1019 - i));
    expect(pids.slice(TOP_PROCESSES).sort()).toEqual(Array.from({ length: TOP_PROCESSES }, (_, i) => 2005 + i));
    expect(snapshot.processCount).toBe(40);
    expect(snapshot.groupCount).toBe(2);
    const busy = snapshot.groups.find((g) => g.id === 'unit:busy.service')!;
    expect(busy.processCount).toBe(20);
    // Ticks 10..200 over 5 s: (10 + 200) * 20 / 2 = 2100 ticks = 21 s of CPU in 5 s.
    expect(busy.cpuPct).toBe(420);
    expect(snapshot.groups.find((g) => g.id === 'unit:big.service')!.rssBytes).toBe((20 * 10_000 + 190) * PAGE);
  });

  it('gives every process of the latest reading for watched patterns, an idle small one listed in no table included', () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    for (let i = 0; i < 20; i++) writeProcess({ pid: 1000 + i, ticks: 0, rssPages: 10_000 + i });
    writeProcess({ pid: 3000, comm: 'idled', rssPages: 1, cmdline: 'idled\0--quiet\0' });
    const r = reader();
    expect(r.everyProcess()).toEqual([]);
    const snapshot = readAfter(r, () => {
      for (let i = 0; i < 20; i++) writeProcess({ pid: 1000 + i, ticks: 10 * (i + 1), rssPages: 10_000 + i });
    });
    expect(rowOf(snapshot, 3000)).toBeUndefined();
    const every = r.everyProcess();
    expect(every).toHaveLength(21);
    expect(every.find((p) => p.pid === 3000)).toEqual({ pid: 3000, name: 'idled', command: 'idled --quiet', cpuPct: 0, rssBytes: PAGE });
    rmSync(join(root, '3000'), { recursive: true });
    expect(r.everyProcess().map((p) => p.pid)).not.toContain(3000);
  });
});

function readFixture(path: string): string {
  return readFileSync(join(FIXTURES, 'proc', path), 'latin1');
}
