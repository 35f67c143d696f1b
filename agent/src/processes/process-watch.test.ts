import { describe, expect, it } from 'vitest';
import { MAX_WATCHED_PROCESSES, type WatchedProcess } from '@hostpulse/protocol';
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

  it('lists at most MAX_WATCHED_PROCESSES matches but counts them all', () => {
    const many = Array.from({ length: MAX_WATCHED_PROCESSES + 8 }, (_, i) => proc(i + 1, 'php-fpm', 'php-fpm: pool www', i));
    const [match] = watchedMatches(many, [{ id: 'fpm', command: 'php-fpm' }]);
    expect(match!.count).toBe(MAX_WATCHED_PROCESSES + 8);
    expect(match!.processes).toHaveLength(MAX_WATCHED_PROCESSES);
    expect(match!.processes[0]!.cpuPct).toBe(MAX_WATCHED_PROCESSES + 7);
  });
});
