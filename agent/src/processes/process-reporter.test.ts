import { describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import type { AgentProcesses, AgentWatched, WatchedProcess } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import type { ProcessSnapshot } from './process-reader.js';
import { ProcessReporter } from './process-reporter.js';

const snapshot: ProcessSnapshot = {
  processCount: 1,
  groupCount: 1,
  processes: [{ pid: 7, name: 'yes', user: 'root', command: 'yes', cpuPct: 99, rssBytes: 4096, threads: 1, state: 'R', groupId: 'cgroup:/' }],
  groups: [{ id: 'cgroup:/', kind: 'cgroup', name: '/', cgroup: '/', processCount: 1, cpuPct: 99, rssBytes: 4096 }],
};

function reporter(readings: (ProcessSnapshot | null | Error)[], every: WatchedProcess[] = []) {
  const sent: (AgentProcesses | AgentWatched)[] = [];
  const lines: string[] = [];
  const r = new ProcessReporter({
    hostId: 'h-1',
    runId: 'run-1',
    everyMs: 5000,
    reader: {
      read: () => {
        const next = readings.shift()!;
        if (next instanceof Error) throw next;
        return next;
      },
      close: () => {},
      everyProcess: () => every,
    },
    send: (message) => {
      sent.push(message);
      return true;
    },
    log: createLogger('agent', 'info', (line) => lines.push(line)),
    now: () => 1_700_000_000_000,
  });
  return { r, sent, lines };
}

describe('ProcessReporter', () => {
  it('sends nothing for the priming reading, then a valid processes message per reading', () => {
    const { r, sent } = reporter([null, snapshot]);
    expect(r.report()).toBeNull();
    expect(sent).toEqual([]);
    const message = r.report()!;
    expect(sent).toEqual([message]);
    expect(isValid('AgentProcesses', message)).toBe(true);
    expect(message.table).toMatchObject({ hostId: 'h-1', runId: 'run-1', tsMs: 1_700_000_000_000, intervalMs: 5000, processCount: 1 });
  });

  it('sends a watched report of every matching process with each reading while it has patterns, and none once they are taken away', () => {
    const idle: WatchedProcess = { pid: 90, name: 'idled', command: 'idled --quiet', cpuPct: 0, rssBytes: 4096 };
    const { r, sent } = reporter([null, snapshot, snapshot, snapshot], [idle]);
    r.watch([{ id: 'idle-up', name: 'idled' }, { id: 'cron-up', name: 'cron' }]);
    r.report();
    expect(sent).toEqual([]);
    r.report();
    const watched = sent.filter((m) => m.type === 'watched');
    expect(watched).toEqual([
      { type: 'watched', hostId: 'h-1', runId: 'run-1', tsMs: 1_700_000_000_000, matches: [{ id: 'idle-up', count: 1, processes: [idle] }, { id: 'cron-up', count: 0, processes: [] }] },
    ]);
    expect(isValid('AgentWatched', watched[0])).toBe(true);
    r.watch([]);
    r.report();
    expect(sent.filter((m) => m.type === 'watched')).toHaveLength(1);
    expect(sent.filter((m) => m.type === 'processes')).toHaveLength(2);
  });

  it('logs a failed reading once, sends nothing for it, and logs the recovery', () => {
    const { r, sent, lines } = reporter([new Error('EMFILE'), new Error('EMFILE'), snapshot]);
    expect(r.report()).toBeNull();
    expect(r.report()).toBeNull();
    expect(r.report()).not.toBeNull();
    expect(sent).toHaveLength(1);
    expect(lines.filter((l) => l.includes('reading processes failed'))).toHaveLength(1);
    expect(lines.some((l) => l.includes('recovered'))).toBe(true);
  });
});
