import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@hostpulse/protocol';
import { levelOf, Thresholds } from './thresholds-state.svelte.js';

const host = (hostId: string, tags: Record<string, string> = {}) => ({ hostId, tags });
const rule = (extra: Partial<AlertRule>): AlertRule => ({ name: 'r', metric: 'mem.usedPct', op: '>', threshold: 90, forMs: 0, severity: 'warning', ...extra });

describe('levelOf', () => {
  it('colours at 80 % and 95 % where no rule covers the metric', () => {
    expect([79.4, 80, 94.4, 95, 100].map((v) => levelOf([], host('a'), 'cpu.busyPct', v))).toEqual(['ok', 'warn', 'warn', 'crit', 'crit']);
    expect(levelOf([], host('a'), 'cpu.busyPct', undefined)).toBe('ok');
  });

  it('judges the figure as shown: 94.6 and 95.4 both read 95% and are both critical', () => {
    expect([94.6, 95.4].map((v) => levelOf([], host('a'), 'mem.usedPct', v))).toEqual(['crit', 'crit']);
    const rules = [rule({ op: '>', threshold: 95, severity: 'critical' })];
    expect([94.6, 95.4, 95.6].map((v) => levelOf(rules, host('a'), 'mem.usedPct', v))).toEqual(['ok', 'ok', 'crit']);
  });

  it('takes the warning and critical levels of the rules covering the host and metric', () => {
    const rules = [
      rule({ name: 'warn', threshold: 50, severity: 'warning', hostIds: ['web-*'] }),
      rule({ name: 'crit', op: '>=', threshold: 70, severity: 'critical', hostTags: { role: 'web' } }),
      rule({ name: 'info', threshold: 10, severity: 'info' }),
    ];
    expect([40, 60, 70].map((v) => levelOf(rules, host('web-1', { role: 'web' }), 'mem.usedPct', v))).toEqual(['ok', 'warn', 'crit']);
    // Covered by the warning rule only: nothing turns red, and the defaults do not apply.
    expect([60, 99].map((v) => levelOf(rules, host('web-2'), 'mem.usedPct', v))).toEqual(['warn', 'warn']);
    // A rule of another severity colours nothing: the defaults apply.
    expect([60, 85].map((v) => levelOf(rules, host('db-1'), 'mem.usedPct', v))).toEqual(['ok', 'warn']);
    // Another metric of a covered host keeps the defaults.
    expect(levelOf(rules, host('web-1', { role: 'web' }), 'cpu.busyPct', 60)).toBe('ok');
  });
});

describe('Thresholds', () => {
  it('follows the rules it is given as they change, and lists those that colour a figure', () => {
    let rules: AlertRule[] = [];
    const t = new Thresholds(() => rules);
    expect(t.levelOf(host('a'), 'fs.usedPct', 85)).toBe('warn');
    rules = [rule({ name: 'fs-full', metric: 'fs.usedPct', threshold: 90 }), rule({ name: 'offline', metric: 'host.offline', op: undefined, threshold: undefined, severity: 'critical' })];
    expect(t.levelOf(host('a'), 'fs.usedPct', 85)).toBe('ok');
    expect(t.colouringRules.map((r) => r.name)).toEqual(['fs-full']);
  });
});
