import { readdirSync } from 'node:fs';
import { MAX_PROCESS_GROUPS, TOP_PROCESSES } from '@hostpulse/protocol';
import type { ProcessGroup, ProcessRow, ProcessTable, WatchedProcess } from '@hostpulse/protocol';
import { cgroupPathOf, groupOfCgroup, KERNEL_GROUP, type GroupIdentity } from './cgroup.js';
import { decodeCmdline, effectiveUidOf, nameOf, parsePidStat, programName, type PidStat } from './pid-files.js';
import { ProcFiles, StatFiles } from '../procfs/proc-files.js';
import { UserNames } from './users.js';

/** What one reading of every process yields: the table without the agent's ids and time. */
export type ProcessSnapshot = Pick<ProcessTable, 'processCount' | 'groupCount' | 'processes' | 'groups'>;

/** Where the reader looks and its clock; tests point these at fixtures. */
export interface ProcessReaderOptions {
  procRoot?: string;
  passwdPath?: string;
  /** Monotonic milliseconds, for the time between two readings. */
  nowMs?: () => number;
  /** USER_HZ, the unit of CPU times in /proc/<pid>/stat: 100 on every Linux architecture Node runs on. */
  ticksPerSec?: number;
  pageSizeBytes?: number;
}

/** Groups listed by CPU and, again, by memory; with the groups of the listed processes they stay within MAX_PROCESS_GROUPS. */
export const TOP_GROUPS = (MAX_PROCESS_GROUPS - 2 * TOP_PROCESSES) / 2;

/** One process as the reader knows it, updated in place at each reading. */
interface Tracked {
  stat: PidStat;
  group: GroupIdentity;
  /** The reading that last saw it. */
  pass: number;
  /** CPU since the previous reading, percent of one core. */
  cpuPct: number;
  rssBytes: number;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;
const byCpu = (a: { cpuPct: number; rssBytes: number }, b: { cpuPct: number; rssBytes: number }): number => b.cpuPct - a.cpuPct || b.rssBytes - a.rssBytes;
const byRss = (a: { cpuPct: number; rssBytes: number }, b: { cpuPct: number; rssBytes: number }): number => b.rssBytes - a.rssBytes || b.cpuPct - a.cpuPct;

/**
 * Reads every process from procfs, with no child process: /proc/<pid>/stat of all
 * (CPU time, state, threads, resident pages; through files held open, see
 * StatFiles), /proc/<pid>/cgroup once per process (a pid and its start time name
 * one process, so a reused pid is read afresh), and status (name, user) and cmdline
 * only of the processes it lists. /proc/<pid>/statm is not read: stat already
 * carries the resident pages. CPU % is the CPU time used
 * since the previous reading over the time between, so the first reading only primes.
 */
export class ProcessReader {
  readonly #root: string;
  readonly #nowMs: () => number;
  readonly #ticksPerSec: number;
  readonly #pageSizeBytes: number;
  readonly #files = new ProcFiles();
  readonly #stats: StatFiles;
  readonly #users: UserNames;
  readonly #tracked = new Map<number, Tracked>();
  /** Where each stat is parsed before it is copied into its process's record. */
  readonly #scratch: PidStat = { pid: 0, state: 'S', isKernelThread: false, cpuTicks: 0, threads: 0, startTicks: 0, rssPages: 0 };
  #pass = 0;
  #atMs: number | undefined;
  /** The processes of the latest reading that measured CPU, for watched patterns. */
  #latest: Tracked[] = [];

  constructor({ procRoot = '/proc', passwdPath = '/etc/passwd', nowMs = () => performance.now(), ticksPerSec = 100, pageSizeBytes }: ProcessReaderOptions = {}) {
    this.#root = procRoot;
    this.#nowMs = nowMs;
    this.#ticksPerSec = ticksPerSec;
    this.#users = new UserNames(passwdPath, nowMs);
    this.#stats = new StatFiles(procRoot);
    this.#pageSizeBytes = pageSizeBytes ?? this.#readPageSize();
  }

  /** Reads every process now; null on the first reading, which has nothing to measure CPU against. */
  read(): ProcessSnapshot | null {
    const atMs = this.#nowMs();
    const elapsedSec = this.#atMs === undefined ? 0 : (atMs - this.#atMs) / 1000;
    this.#atMs = atMs;
    const pass = ++this.#pass;
    const entries: Tracked[] = [];
    this.#stats.begin();
    for (const name of readdirSync(this.#root)) {
      const first = name.charCodeAt(0);
      if (first < 48 || first > 57) continue;
      // A process that exits between the listing and these reads is simply not counted.
      const length = this.#stats.read(Number(name));
      const stat = length === null ? null : parsePidStat(this.#stats.buffer, length, this.#scratch);
      if (!stat) continue;
      let tracked = this.#tracked.get(stat.pid);
      // A process born since the previous reading (a new pid, or a reused one) used all of its CPU time within it.
      const usedTicks = tracked?.stat.startTicks === stat.startTicks ? stat.cpuTicks - tracked.stat.cpuTicks : stat.cpuTicks;
      if (tracked?.stat.startTicks === stat.startTicks) {
        Object.assign(tracked.stat, stat);
      } else {
        const group = this.#groupOf(name, stat);
        if (!group) continue;
        tracked = { stat: { ...stat }, group, pass, cpuPct: 0, rssBytes: 0 };
        this.#tracked.set(stat.pid, tracked);
      }
      tracked.pass = pass;
      tracked.cpuPct = elapsedSec > 0 ? round2((100 * Math.max(0, usedTicks)) / this.#ticksPerSec / elapsedSec) : 0;
      tracked.rssBytes = stat.rssPages * this.#pageSizeBytes;
      entries.push(tracked);
    }
    this.#stats.end();
    for (const [pid, tracked] of this.#tracked) if (tracked.pass !== pass) this.#tracked.delete(pid);
    if (elapsedSec <= 0) return null;
    this.#latest = entries;
    const listed = this.#rows(entries);
    const groups = this.#groups(entries, new Set(listed.map((row) => row.groupId)));
    return { processCount: entries.length, groupCount: groups.total, processes: listed, groups: groups.listed };
  }

  /**
   * Every process of the latest reading, with its name and command line read now (so
   * an idle one is there too, listed in no table): what watched patterns are matched
   * against. Costs two small reads per process, so the agent calls it only while the
   * hub gives it patterns. A process gone since the reading is left out.
   */
  everyProcess(): WatchedProcess[] {
    const all: WatchedProcess[] = [];
    for (const entry of this.#latest) {
      const described = this.#describe(entry);
      if (described) all.push({ pid: entry.stat.pid, name: described.name, command: described.command, cpuPct: entry.cpuPct, rssBytes: entry.rssBytes });
    }
    return all;
  }

  /** Releases the files held open between readings. */
  close(): void {
    this.#stats.close();
  }

  /** The union of the busiest and the largest processes, busiest first; a process gone before its details are read is left out. */
  #rows(entries: Tracked[]): ProcessRow[] {
    const chosen = new Set([...[...entries].sort(byCpu).slice(0, TOP_PROCESSES), ...[...entries].sort(byRss).slice(0, TOP_PROCESSES)]);
    const rows: ProcessRow[] = [];
    for (const entry of [...chosen].sort(byCpu)) {
      const { stat } = entry;
      const described = this.#describe(entry);
      if (!described) continue;
      rows.push({
        pid: stat.pid,
        ...described,
        cpuPct: entry.cpuPct,
        rssBytes: entry.rssBytes,
        threads: stat.threads,
        state: stat.state,
        groupId: entry.group.id,
      });
    }
    return rows;
  }

  /** A process's name, user and command line from its status and cmdline; null when it is gone. */
  #describe({ stat }: Tracked): Pick<ProcessRow, 'name' | 'user' | 'command'> | null {
    const dir = `${this.#root}/${stat.pid}`;
    const status = this.#files.text(`${dir}/status`);
    const uid = status === null ? null : effectiveUidOf(status);
    const comm = status === null ? null : nameOf(status);
    if (uid === null || comm === null) return null;
    const cmdline = stat.isKernelThread ? null : this.#files.bytes(`${dir}/cmdline`, 4096);
    return { name: programName(comm, cmdline), user: this.#users.nameOf(uid), command: cmdline === null ? '' : decodeCmdline(cmdline) };
  }

  /** Every group's totals; listed are the busiest, the largest and those of the listed processes. */
  #groups(entries: Tracked[], mustList: Set<string>): { total: number; listed: ProcessGroup[] } {
    const totals = new Map<string, ProcessGroup>();
    for (const { group, cpuPct, rssBytes } of entries) {
      const total = totals.get(group.id);
      if (total) {
        total.processCount += 1;
        total.cpuPct += cpuPct;
        total.rssBytes += rssBytes;
      } else {
        totals.set(group.id, { ...group, processCount: 1, cpuPct, rssBytes });
      }
    }
    const all = [...totals.values()];
    for (const group of all) group.cpuPct = round2(group.cpuPct);
    const listed = new Set([...[...all].sort(byCpu).slice(0, TOP_GROUPS), ...[...all].sort(byRss).slice(0, TOP_GROUPS), ...all.filter((g) => mustList.has(g.id))]);
    return { total: all.length, listed: [...listed].sort(byCpu) };
  }

  #groupOf(pidDir: string, stat: PidStat): GroupIdentity | null {
    if (stat.isKernelThread) return KERNEL_GROUP;
    const text = this.#files.text(`${this.#root}/${pidDir}/cgroup`);
    return text === null ? null : groupOfCgroup(cgroupPathOf(text));
  }

  /** The kernel's page size from the reader's own memory map (KernelPageSize in smaps); 4 KiB when it cannot be read. */
  #readPageSize(): number {
    const smaps = this.#files.text(`${this.#root}/self/smaps`);
    const kib = smaps === null ? null : /^KernelPageSize:\s+(\d+) kB/m.exec(smaps);
    return kib ? Number(kib[1]) * 1024 : 4096;
  }
}
