import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times; `getconf CLK_TCK` is 100 on Linux x86 and arm. */
export const CLK_TCK = 100;

/** The fields of /proc/<pid>/stat the bench uses, CPU times in clock ticks. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  utimeTicks: number;
  stimeTicks: number;
  /** CPU of children this process has waited for (reaped): their whole lifetime. */
  cutimeTicks: number;
  cstimeTicks: number;
}

/**
 * Parses the text of /proc/<pid>/stat. The command name sits in parentheses and may
 * itself hold spaces or parentheses, so fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  // After ')' come field 3 (state) onwards; index 0 here is field 3.
  const rest = text.slice(close + 2).trim().split(/\s+/);
  const field = (n: number): number => Number(rest[n - 3]);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    ppid: field(4),
    utimeTicks: field(14),
    stimeTicks: field(15),
    cutimeTicks: field(16),
    cstimeTicks: field(17),
  };
}

/** Reads one process's stat, or null when it has exited. */
export function readProcStat(pid: number): ProcStat | null {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** Parses VmRSS and VmHWM (peak RSS) from /proc/<pid>/status, in bytes. */
export function parseProcStatus(text: string): { rssBytes: number; peakRssBytes: number } {
  const kib = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : 0;
  };
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') };
}

/** Reads one process's RSS and peak RSS, or null when it has exited. */
export function readProcStatus(pid: number): { rssBytes: number; peakRssBytes: number } | null {
  try {
    return parseProcStatus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/** CPU seconds a process has used itself (user + system). */
export function ownCpuSec(stat: ProcStat): number {
  return (stat.utimeTicks + stat.stimeTicks) / CLK_TCK;
}

/** The process `rootPid` and every live descendant, found by walking /proc for parent links. */
export function processTree(rootPid: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat) all.push(stat);
  }
  return treeOf(rootPid, all);
}

/** Selects `rootPid` and its descendants from a list of stats. */
export function treeOf(rootPid: number, all: readonly ProcStat[]): ProcStat[] {
  const byParent = new Map<number, ProcStat[]>();
  for (const stat of all) {
    const list = byParent.get(stat.ppid) ?? [];
    list.push(stat);
    byParent.set(stat.ppid, list);
  }
  const root = all.find((s) => s.pid === rootPid);
  if (!root) return [];
  const out: ProcStat[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(byParent.get(next.pid) ?? []));
  }
  return out;
}

/**
 * CPU seconds a process tree has used: every live member's own time plus the time of
 * children they have already reaped, so short-lived helpers are not missed.
 */
export function treeCpuSec(tree: readonly ProcStat[]): number {
  let ticks = 0;
  for (const s of tree) ticks += s.utimeTicks + s.stimeTicks + s.cutimeTicks + s.cstimeTicks;
  return ticks / CLK_TCK;
}

/** Busy and total clock ticks of all CPUs together, from the first line of /proc/stat. */
export function parseCpuTotals(text: string): { busyTicks: number; totalTicks: number } {
  const fields = (text.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const totalTicks = fields.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th numbers.
  const idleTicks = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busyTicks: totalTicks - idleTicks, totalTicks };
}

/** The machine's CPU totals now. */
export function readCpuTotals(): { busyTicks: number; totalTicks: number } {
  return parseCpuTotals(readFileSync('/proc/stat', 'utf8'));
}
