import { describe, expect, it } from 'vitest';
import { describeRule, formatAlertTime, formatAlertValue, formatLabels, pillTone } from './alert-format.js';

describe('alert formatting', () => {
  it('shows values in their unit', () => {
    expect(formatAlertValue('cpu.busyPct', 97.4)).toBe('97%');
    expect(formatAlertValue('net.rxBytesPerSec', 2_500_000)).toBe('2.38 MiB/s');
    expect(formatAlertValue('load1', 3.5)).toBe('3.50');
    expect(formatAlertValue('temp.maxC', 71)).toBe('71.0 °C');
    expect(formatAlertValue('host.offline', 1)).toBe('offline');
  });

  it('describes rules with their hold time and clear level', () => {
    expect(describeRule({ name: 'cpu-hot', metric: 'cpu.busyPct', op: '>', threshold: 95, clear: 90, forMs: 600_000, severity: 'critical' })).toBe('cpu.busyPct > 95% for 10m (clears below 90%)');
    expect(describeRule({ name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, clear: 85.5, forMs: 300_000, severity: 'warning' })).toBe('fs.usedPct > 90% for 5m (clears below 85.5%)');
    expect(describeRule({ name: 'down', metric: 'host.offline', forMs: 60_000, severity: 'critical' })).toBe('host offline for 1m');
    expect(describeRule({ name: 'any', metric: 'cpu.busyPct', op: '>', threshold: -1, clear: -1.05, forMs: 2000, severity: 'critical' })).toBe('cpu.busyPct > -1% for 2s (clears below -1.05%)');
    expect(describeRule({ name: 'idle', metric: 'load1', op: '<', threshold: 0.1, forMs: 0, severity: 'info' })).toBe('load1 < 0.10');
    expect(describeRule({ name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, clear: 85.5, forMs: 300_000, clearForMs: 300_000, severity: 'warning' })).toBe('fs.usedPct > 90% for 5m (clears below 85.5% for 5m)');
    expect(describeRule({ name: 'busy', metric: 'cpu.busyPct', op: '>', threshold: 80, forMs: 60_000, clearForMs: 90_000, severity: 'warning' })).toBe('cpu.busyPct > 80% for 1m (clears after 90s)');
  });

  it('writes labels as key=value', () => {
    expect(formatLabels({ mount: '/var' })).toBe('mount=/var');
    expect(formatLabels({})).toBe('');
  });

  it('writes an alert\'s moments as the rest of the dashboard does, day and 24-hour clock, and "–" for not yet', () => {
    const ms = new Date(2026, 11, 7, 13, 6, 5).getTime();
    expect(formatAlertTime(ms)).toBe('7 Dec 13:06:05');
    expect(formatAlertTime(null)).toBe('–');
  });

  it('shows process rules and their values in words', () => {
    expect(formatAlertValue('process.absent', 0)).toBe('none running');
    expect(formatAlertValue('process.absent', 2)).toBe('2 running');
    expect(formatAlertValue('process.rssBytes', 3 * 1024 ** 3)).toBe('3.00 GiB');
    expect(describeRule({ name: 'nginx-down', metric: 'process.absent', process: { name: 'nginx' }, forMs: 30_000, severity: 'critical' })).toBe('no process named nginx running for 30s');
    expect(describeRule({ name: 'backup-hot', metric: 'process.cpuPct', process: { command: 'restic backup' }, op: '>', threshold: 80, forMs: 0, severity: 'warning' })).toBe('process with "restic backup" in its command: process.cpuPct > 80%');
  });
});

describe('pillTone', () => {
  it('draws a warning firing amber and any other red, then pending, good and quiet tones, and an unknown label plain', () => {
    expect([pillTone('firing', 'warning'), pillTone('firing', 'critical'), pillTone('fired', 'page'), pillTone('failed'), pillTone('dropped')]).toEqual(['warn', 'bad', 'bad', 'bad', 'bad']);
    expect([pillTone('pending'), pillTone('retrying'), pillTone('resolved'), pillTone('delivered'), pillTone('silenced'), pillTone('released')]).toEqual(['pending', 'pending', 'ok', 'ok', 'muted', 'muted']);
    expect(pillTone('disabled')).toBeUndefined();
  });
});
