/** Cumulative CPU time of one CPU (or all of them), in USER_HZ ticks, as /proc/stat counts it. */
export interface CpuCounters {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

/** The CPU lines of /proc/stat: the `cpu` total and each `cpuN` line in order. */
export interface ProcStat {
  total: CpuCounters;
  cores: CpuCounters[];
}

// Columns the kernel added over time: iowait/irq/softirq in 2.5.41, steal in 2.6.11,
// guest in 2.6.24, guest_nice in 2.6.33. A missing column reads as 0. guest and
// guest_nice are already counted inside user and nice, so they are not read at all.
function parseCpuLine(fields: string[]): CpuCounters {
  const at = (i: number) => {
    const text = fields[i];
    if (text === undefined) return 0;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`/proc/stat: column ${i} of ${fields[0]} is not a number: "${text}"`);
    return value;
  };
  return {
    user: at(1),
    nice: at(2),
    system: at(3),
    idle: at(4),
    iowait: at(5),
    irq: at(6),
    softirq: at(7),
    steal: at(8),
  };
}

/** Parses the text of /proc/stat; throws when it has no `cpu` line or one has fewer than four columns. */
export function parseStat(text: string): ProcStat {
  let total: CpuCounters | undefined;
  const cores: CpuCounters[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) throw new Error(`/proc/stat: too few columns in "${line}"`);
    if (fields[0] === 'cpu') total = parseCpuLine(fields);
    else if (/^cpu\d+$/.test(fields[0]!)) cores.push(parseCpuLine(fields));
  }
  if (!total) throw new Error('/proc/stat: no "cpu" line');
  return { total, cores };
}
