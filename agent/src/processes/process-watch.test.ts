import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_CHARS, MAX_MESSAGE_BYTES, MAX_WATCHED_PATTERNS, MAX_WATCHED_PROCESSES, type AgentWatched, type WatchedProcess } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { matchesPattern, watchedMatches } from './process-watch.js';

const proc = (pid: number, name: string, command: string, cpuPct = 0): WatchedProcess => ({ pid, name, command, cpuPct, rssBytes: 4096 });

describe('matchesPattern', () => {
  it('matches a name exactly and case-sensitively', () => {
    const nginx = proc(1, 'nginx', 'nginx: master process /usr/sbin/nginx');
    expect(matchesPattern(nginx, { id: 'a', name: 'nginx' })).toBe(true);
    expect(matchesPattern(nginx, { id: 'a', name: 'ngin' })).toBe(false);
    expect(matchesPattern(nginx, { id: 'a', name: 'NGINX' })).toBe(false);
  });

  it('matches any part of the command line', () => {
    const backup = proc(2, 'restic', 'restic backup /srv --tag nightly');
    expect(matchesPattern(backup, { id: 'b', command: 'backup /srv' })).toBe(true);
    expect(matchesPattern(backup, { id: 'b', command: 'restore' })).toBe(false);
  });

  it('does not take a name pattern for part of the command line', () => {
    expect(matchesPattern(proc(3, 'python3', 'python3 /opt/nginx-exporter.py'), { id: 'a', name: 'nginx' })).toBe(false);
  });
});

describe('watchedMatches', () => {
  it('counts every match per pattern, lists the busiest first, and reports a pattern nothing matches as 0', () => {
    const processes = [proc(1, 'worker', 'worker --queue a', 5), proc(2, 'worker', 'worker --queue b', 80), proc(3, 'sshd', '/usr/sbin/sshd -D')];
    const matches = watchedMatches(processes, [{ id: 'workers', name: 'worker' }, { id: 'cron', name: 'cron' }]);
    expect(matches).toEqual([
      { id: 'workers', count: 2, processes: [processes[1], processes[0]] },
      { id: 'cron', count: 0, processes: [] },
    ]);
  });

  it('lists at most MAX_WATCHED_PROCESSES matches, the busiest and the largest, but counts them all', () => {
    // CPU rises with i and memory falls with it: the busiest and the largest are different processes.
    const many = Array.from({ length: 20 }, (_, i) => ({ ...proc(i + 1, 'php-fpm', 'php-fpm: pool www', i), rssBytes: (20 - i) * 4096 }));
    const [match] = watchedMatches(many, [{ id: 'fpm', command: 'php-fpm' }]);
    expect(match!.count).toBe(20);
    expect(match!.processes).toHaveLength(MAX_WATCHED_PROCESSES);
    expect(match!.processes.map((p) => p.pid)).toEqual([20, 19, 18, 17, 4, 3, 2, 1]);
    expect(Math.max(...match!.processes.map((p) => p.rssBytes))).toBe(20 * 4096);
  });

  it('keeps the largest report, every pattern matching its most processes with the longest command lines, within one message', () => {
    const command = 'é'.repeat(MAX_COMMAND_CHARS);
    const many = Array.from({ length: 100 }, (_, i) => ({ pid: 4_000_000 + i, name: 'x'.repeat(64), command, cpuPct: 102_400, rssBytes: Number.MAX_SAFE_INTEGER }));
    const patterns = Array.from({ length: MAX_WATCHED_PATTERNS }, (_, i) => ({ id: 'r'.repeat(127) + String(i % 10), command: 'é' }));
    const report: AgentWatched = { type: 'watched', hostId: 'h'.repeat(64), runId: 'k3J9x2LmQ8pW4vZt', tsMs: Number.MAX_SAFE_INTEGER, matches: watchedMatches(many, patterns) };
    expect(isValid('AgentWatched', report)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(report))).toBeLessThan(MAX_MESSAGE_BYTES);
  });
});
