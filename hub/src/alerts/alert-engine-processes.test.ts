import { afterEach, describe, expect, it } from 'vitest';
import type { AgentWatched, Alert, AlertRule, AlertTopProcesses, HostSample, WatchedProcess } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { HistoryStore } from '../store/history-store.js';
import { AlertEngine, type AlertEngineOptions } from './alert-engine.js';
import type { Change } from './alert-machine.js';

// The engine's process rules (judged on agents' watched reports) and who-did-it (kept when a CPU alert fires).
const nginxDown: AlertRule = { name: 'nginx-down', metric: 'process.absent', process: { name: 'nginx' }, forMs: 0, severity: 'critical' };
const backupHot: AlertRule = { name: 'backup-hot', metric: 'process.cpuPct', process: { command: 'restic' }, op: '>', threshold: 80, clear: 70, forMs: 0, severity: 'warning', clearForMs: 0 };
const cpuHot: AlertRule = { name: 'cpu-hot', metric: 'cpu.busyPct', op: '>', threshold: 20, clear: 10, forMs: 0, severity: 'critical', clearForMs: 0 };

const engines: AlertEngine[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.stop()));

function engineOn(rules: AlertRule[], topProcesses?: AlertEngineOptions['topProcesses']) {
  const changes: [Change, Alert][] = [];
  const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
  const engine = new AlertEngine({ store, rules, hosts: () => [], hostTags: () => ({}), onChange: (alert, change) => changes.push([change, alert]), ...(topProcesses ? { topProcesses } : {}) });
  engines.push(engine);
  return { engine, changes, summary: () => changes.map(([change, a]) => `${change} ${a.id} ${a.value}`) };
}

const proc = (pid: number, name: string, command: string, cpuPct: number): WatchedProcess => ({ pid, name, command, cpuPct, rssBytes: 1 << 20 });

function report(matches: AgentWatched['matches']): AgentWatched {
  return { type: 'watched', hostId: 'web-1', runId: 'run-1', tsMs: 1000, matches };
}

describe('process rules', () => {
  it('fires process.absent on a report with no matching process, and resolves it once one runs again', () => {
    const { engine, summary } = engineOn([nginxDown]);
    engine.onWatched(report([{ id: 'nginx-down', count: 2, processes: [proc(10, 'nginx', 'nginx: master', 0)] }]));
    expect(summary()).toEqual([]);
    engine.onWatched(report([{ id: 'nginx-down', count: 0, processes: [] }]));
    expect(summary()).toEqual(['firing nginx-down|web-1| 0']);
    engine.onWatched(report([{ id: 'nginx-down', count: 1, processes: [proc(11, 'nginx', 'nginx: master', 0)] }]));
    expect(summary()).toEqual(['firing nginx-down|web-1| 0', 'resolved nginx-down|web-1| 1']);
  });

  it('judges absence on reports only: no report, a report without the rule, and samples leave it alone', () => {
    const { engine, summary } = engineOn([nginxDown]);
    const sample: HostSample = { ...makeSample('web-1', 'run-1', 1), hubRxMs: 1000 };
    engine.onSample(sample);
    engine.onWatched(report([{ id: 'another-rule', count: 0, processes: [] }]));
    expect(summary()).toEqual([]);
    expect(engine.current()).toEqual([]);
  });

  it('fires process.cpuPct on the busiest matching process and keeps the matching processes, busiest first', () => {
    const { engine, changes } = engineOn([backupHot]);
    engine.onWatched(report([{ id: 'backup-hot', count: 2, processes: [proc(7, 'restic', 'restic check', 12), proc(8, 'restic', 'restic backup /srv', 97)] }]));
    expect(changes.map(([change]) => change)).toEqual(['firing']);
    const alert = changes[0]![1];
    expect(alert.value).toBe(97);
    expect(alert.topProcesses).toEqual({ tsMs: 1000, processes: [proc(8, 'restic', 'restic backup /srv', 97), proc(7, 'restic', 'restic check', 12)] });
    engine.onWatched(report([{ id: 'backup-hot', count: 0, processes: [] }]));
    expect(changes.map(([change, a]) => [change, a.value])).toEqual([['firing', 97], ['resolved', 0]]);
    expect(changes[1]![1].topProcesses).toEqual(alert.topProcesses);
  });
});

describe('who did it', () => {
  const top: AlertTopProcesses = { tsMs: 900, processes: [{ pid: 42, name: 'yes', user: 'root', command: 'yes', cpuPct: 99, rssBytes: 4096, state: 'R' }] };

  it('keeps the top processes asked for at the sample that made a CPU alert fire, and keeps them until it resolves', () => {
    const asked: [string, string, number][] = [];
    const { engine, changes } = engineOn([cpuHot], (hostId, metric, firedRxMs) => {
      asked.push([hostId, metric, firedRxMs]);
      return top;
    });
    const busy: HostSample = { ...makeSample('web-1', 'run-1', 1), tsMs: 1000, hubRxMs: 1005 };
    engine.onSample(busy);
    expect(asked).toEqual([['web-1', 'cpu.busyPct', 1005]]);
    const idle: HostSample = { ...busy, seq: 2, tsMs: 2000, hubRxMs: 2005, cpu: { ...busy.cpu, total: { ...busy.cpu.total, idlePct: 100 } } };
    engine.onSample(idle);
    expect(changes.map(([change, a]) => [change, a.topProcesses])).toEqual([['firing', top], ['resolved', top]]);
    expect(asked).toHaveLength(1);
  });
});
