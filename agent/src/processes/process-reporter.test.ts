import { describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import type { AgentProcesses } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import type { ProcessSnapshot } from './process-reader.js';
import { ProcessReporter } from './process-reporter.js';

const snapshot: ProcessSnapshot = {
  processCount: 1,
  groupCount: 1,
  processes: [{ pid: 7, name: 'yes', user: 'root', command: 'yes', cpuPct: 99, rssBytes: 4096, threads: 1, state: 'R', groupId: 'cgroup:/' }],
  groups: [{ id: 'cgroup:/', kind: 'cgroup', name: '/', cgroup: '/', processCount: 1, cpuPct: 99, rssBytes: 4096 }],
};

function reporter(readings: (ProcessSnapshot | null | Error)[]) {
  const sent: AgentProcesses[] = [];
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
