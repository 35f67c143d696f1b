import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@hostpulse/protocol';
import { processValue, watchPatternsFor } from './process-rules.js';

const rules: AlertRule[] = [
  { name: 'nginx-down', metric: 'process.absent', process: { name: 'nginx' }, forMs: 0, severity: 'critical', hostIds: ['web-*'] },
  { name: 'backup-hot', metric: 'process.cpuPct', process: { command: 'restic backup' }, op: '>', threshold: 80, forMs: 0, severity: 'warning', hostTags: { role: 'backup' } },
  { name: 'java-big', metric: 'process.rssBytes', process: { name: 'java' }, op: '>', threshold: 1e9, forMs: 0, severity: 'warning' },
  { name: 'cpu-hot', metric: 'cpu.busyPct', op: '>', threshold: 90, forMs: 0, severity: 'warning' },
];

describe('process rules', () => {
  it('gives each host the patterns of the process rules that cover it, under the rule names', () => {
    expect(watchPatternsFor(rules, 'web-1', {})).toEqual([{ id: 'nginx-down', name: 'nginx' }, { id: 'java-big', name: 'java' }]);
    expect(watchPatternsFor(rules, 'db-1', { role: 'backup' })).toEqual([{ id: 'backup-hot', command: 'restic backup' }, { id: 'java-big', name: 'java' }]);
  });

  it('takes the count for process.absent and the highest figure of the matches for the others, 0 with none', () => {
    const processes = [{ pid: 1, name: 'java', command: 'java -jar a.jar', cpuPct: 50, rssBytes: 3e9 }, { pid: 2, name: 'java', command: 'java -jar b.jar', cpuPct: 90, rssBytes: 2e9 }];
    const report = { type: 'watched' as const, hostId: 'web-1', runId: 'r', tsMs: 5, matches: [{ id: 'java-big', count: 2, processes }, { id: 'nginx-down', count: 0, processes: [] }] };
    expect(processValue(rules[2]!, report)).toEqual({ value: 3e9, top: { tsMs: 5, processes } });
    expect(processValue({ ...rules[2]!, metric: 'process.cpuPct' }, report)!.value).toBe(90);
    expect(processValue(rules[0]!, report)!.value).toBe(0);
    expect(processValue({ ...rules[2]!, name: 'nginx-down' }, report)!.value).toBe(0);
    expect(processValue(rules[1]!, report)).toBeNull();
  });
});
