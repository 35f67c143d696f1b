import { MAX_WATCHED_PROCESSES, type AgentWatched, type WatchedProcess, type WatchPattern } from '@hostpulse/protocol';

/**
 * Whether a process matches a watched pattern: `name` equals its name exactly (the
 * name the processes table shows), `command` is found anywhere in its command line
 * (as the table shows it: arguments joined by spaces, secrets masked). Both are
 * case-sensitive, as process names are.
 */
export function matchesPattern(process: Pick<WatchedProcess, 'name' | 'command'>, pattern: WatchPattern): boolean {
  return 'name' in pattern ? process.name === pattern.name : process.command.includes(pattern.command);
}

const byCpu = (a: WatchedProcess, b: WatchedProcess): number => b.cpuPct - a.cpuPct || b.rssBytes - a.rssBytes;
const byRss = (a: WatchedProcess, b: WatchedProcess): number => b.rssBytes - a.rssBytes || b.cpuPct - a.cpuPct;
const HALF = MAX_WATCHED_PROCESSES / 2;

/**
 * For each pattern, how many of `processes` match it, and of them the busiest and the
 * largest (MAX_WATCHED_PROCESSES in all at most), busiest first: the body of a
 * `watched` report. Both are listed so the hub finds the highest CPU and the highest
 * memory of the matches, whichever its rule watches.
 */
export function watchedMatches(processes: readonly WatchedProcess[], patterns: readonly WatchPattern[]): AgentWatched['matches'] {
  return patterns.map((pattern) => {
    const matching = processes.filter((process) => matchesPattern(process, pattern));
    const listed = new Set([...matching.sort(byCpu).slice(0, HALF), ...[...matching].sort(byRss).slice(0, HALF)]);
    return { id: pattern.id, count: matching.length, processes: [...listed].sort(byCpu) };
  });
}
