import { MAX_COMMAND_CHARS } from '@hostpulse/protocol';
import { maskSecrets } from './secret-mask.js';

/** The fields of /proc/<pid>/stat the process table uses; CPU times in clock ticks. */
export interface PidStat {
  pid: number;
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
const SPACE = 0x20;
const CLOSE_PAREN = 0x29;
const MINUS = 0x2d;

/**
 * Parses the first `length` bytes of /proc/<pid>/stat; null when they are not one
 * (none: the process exited). The name sits in parentheses and may itself hold
 * spaces, parentheses or newlines, so fields are counted from the last ')'. It
 * reads the bytes in place, making no string per field, and fills `into` when
 * given (returning it), so the agent parses every process's stat at each reading
 * without allocating.
 */
export function parsePidStat(bytes: Uint8Array, length: number, into?: PidStat): PidStat | null {
  let close = length - 1;
  while (close > 0 && bytes[close] !== CLOSE_PAREN) close--;
  if (close <= 0) return null;
  const pid = readNumber(bytes, 0, length);
  // Field 3 of proc(5), the state, starts two bytes after ')'; the loop reads fields 4 to 24.
  let at = close + 2;
  const state = at < length ? String.fromCharCode(bytes[at]!) : '';
  let flags = Number.NaN;
  let cpuTicks = 0;
  let threads = Number.NaN;
  let startTicks = Number.NaN;
  let rssPages = Number.NaN;
  let field = 3;
  while (field < 24) {
    while (at < length && bytes[at] !== SPACE) at++;
    if (at >= length) return null;
    at++;
    field++;
    if (field === 9) flags = readNumber(bytes, at, length);
    else if (field === 14 || field === 15) cpuTicks += readNumber(bytes, at, length);
    else if (field === 20) threads = readNumber(bytes, at, length);
    else if (field === 22) startTicks = readNumber(bytes, at, length);
    else if (field === 24) rssPages = readNumber(bytes, at, length);
  }
  if (!(pid > 0) || !/^[A-Za-z]$/.test(state) || !Number.isFinite(flags + cpuTicks + threads + startTicks + rssPages)) return null;
  const stat = into ?? ({} as PidStat);
  stat.pid = pid;
  stat.state = state;
  stat.isKernelThread = (flags & PF_KTHREAD) !== 0;
  stat.cpuTicks = cpuTicks;
  stat.threads = threads;
  stat.startTicks = startTicks;
  stat.rssPages = rssPages;
  return stat;
}

/** The decimal number at `at` (optionally negative), up to the next space; NaN when there is none. */
function readNumber(bytes: Uint8Array, at: number, length: number): number {
  let sign = 1;
  if (bytes[at] === MINUS) {
    sign = -1;
    at++;
  }
  let value = 0;
  let digits = 0;
  for (; at < length && bytes[at] !== SPACE; at++, digits++) {
    const digit = bytes[at]! - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return digits > 0 ? sign * value : Number.NaN;
}

/**
 * The process's name from the text of /proc/<pid>/status (its `Name:` line, where the
 * kernel writes a newline as \n and a backslash as \\), decoded as UTF-8 with control
 * characters as spaces; null without one.
 */
export function nameOf(status: string): string | null {
  const match = /^Name:\t(.*)$/m.exec(status);
  if (!match) return null;
  const raw = match[1]!.replace(/\\(n|\\)/g, (_all, c: string) => (c === 'n' ? '\n' : '\\'));
  return cleanText(Buffer.from(raw, 'latin1').toString('utf8')).slice(0, 64);
}

/**
 * Names a main thread renames itself to, so that the comm in /proc/<pid>/status no longer
 * names the program: Node 24 calls its main thread "MainThread", Node 26 "node-MainThread".
 */
const THREAD_NAMES: ReadonlySet<string> = new Set(['MainThread', 'node-MainThread']);

/**
 * The name to show for a process: its comm, or where the comm is a thread's name, the
 * program from its command line (the last path segment of the first argument).
 */
export function programName(comm: string, cmdline: Buffer | null): string {
  if (!THREAD_NAMES.has(comm) || cmdline === null) return comm;
  const argv0 = cmdline.subarray(0, cmdline.indexOf(0) < 0 ? cmdline.length : cmdline.indexOf(0)).toString('utf8');
  const program = cleanText(argv0.slice(argv0.lastIndexOf('/') + 1)).trim().slice(0, 64);
  return program === '' ? comm : program;
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
