import { MAX_COMMAND_CHARS } from '@hostpulse/protocol';
import { maskSecrets } from './secret-mask.js';

/** The fields of /proc/<pid>/stat the process table uses; CPU times in clock ticks. */
export interface PidStat {
  pid: number;
  /** The kernel's short name, as raw bytes read as latin1 (decode with decodeName). */
  comm: string;
  state: string;
  /** Kernel thread (PF_KTHREAD in the flags). */
  isKernelThread: boolean;
  /** utime + stime: CPU time the process used itself, in clock ticks. */
  cpuTicks: number;
  threads: number;
  /** Clock ticks after boot when the process started: with the pid, it tells a reused pid apart. */
  startTicks: number;
  rssPages: number;
}

const PF_KTHREAD = 0x00200000;

/**
 * Parses the text of /proc/<pid>/stat; null when it is not one (empty: the process
 * exited). The name sits in parentheses and may itself hold spaces, parentheses or
 * newlines, so fields are counted from the last ')'.
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // fields[0] is field 3 of proc(5) (state); field n is fields[n - 3].
  const fields = text.slice(close + 2).split(' ');
  if (fields.length < 22) return null;
  const num = (n: number): number => Number(fields[n - 3]);
  const stat: PidStat = {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 2, close),
    state: fields[0]!,
    isKernelThread: (num(9) & PF_KTHREAD) !== 0,
    cpuTicks: num(14) + num(15),
    threads: num(20),
    startTicks: num(22),
    rssPages: num(24),
  };
  const numbers = [stat.pid, stat.cpuTicks, stat.threads, stat.startTicks, stat.rssPages];
  return numbers.every(Number.isFinite) && /^[A-Za-z]$/.test(stat.state) ? stat : null;
}

/** A name read as latin1 (byte for byte) decoded as UTF-8, control characters shown as spaces. */
export function decodeName(latin1: string): string {
  return cleanText(Buffer.from(latin1, 'latin1').toString('utf8')).slice(0, 64);
}

/** The effective uid from the text of /proc/<pid>/status (its `Uid:` line: real, effective, saved, fs); null without one. */
export function effectiveUidOf(status: string): number | null {
  const match = /^Uid:\s+\d+\s+(\d+)/m.exec(status);
  return match ? Number(match[1]) : null;
}

/**
 * The command line from the bytes of /proc/<pid>/cmdline: arguments split by NUL and
 * joined by spaces, invalid UTF-8 shown as U+FFFD, newlines and other control
 * characters as spaces, secrets masked, then cut to MAX_COMMAND_CHARS with an
 * ellipsis. Empty for kernel threads and zombies, which have no command line.
 */
export function decodeCmdline(bytes: Buffer): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const args = bytes.subarray(0, end).toString('utf8').split('\0');
  const text = maskSecrets(cleanText(args.join(' ')).trim());
  return cutText(text, MAX_COMMAND_CHARS);
}

// C0 controls (newline, tab, escape...), DEL and C1 controls: a table cell shows them as spaces.
function cleanText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** `text` cut to at most `max` UTF-16 units, ending in an ellipsis when cut, never halving a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end) + '…';
}
