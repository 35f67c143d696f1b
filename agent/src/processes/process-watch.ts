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

/**
 * For each pattern, how many of `processes` match it and the busiest
 * MAX_WATCHED_PROCESSES of them: the body of a `watched` report.
 */
export function watchedMatches(processes: readonly WatchedProcess[], patterns: readonly WatchPattern[]): AgentWatched['matches'] {
  return patterns.map((pattern) => {
    const matching = processes.filter((process) => matchesPattern(process, pattern));
    return { id: pattern.id, count: matching.length, processes: matching.sort(byCpu).slice(0, MAX_WATCHED_PROCESSES) };
  });
}
