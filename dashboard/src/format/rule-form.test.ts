import { describe, expect, it } from 'vitest';
import { durationText, fieldsOf, NEW_RULE_FIELDS, ruleYaml } from './rule-form.js';

describe('rule form', () => {
  it('fills the fields from a rule, leaving the values the hub defaulted empty', () => {
    const fields = fieldsOf({ name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, clear: 85.5, forMs: 300_000, severity: 'warning', clearForMs: 300_000, hostIds: ['web-*'], hostTags: { env: 'prod' } });
    expect(fields).toEqual({ ...NEW_RULE_FIELDS, name: 'fs-full', metric: 'fs.usedPct', threshold: '90', for: '5m', hostIds: 'web-*', hostTags: 'env=prod' });
    expect(fieldsOf({ name: 'x', metric: 'cpu.busyPct', op: '<', threshold: 10, clear: 12, forMs: 90_000, severity: 'page', clearForMs: 1500 })).toMatchObject({ clear: '12', for: '90s', clearFor: '1500', severity: 'page' });
    expect(durationText(7_200_000)).toBe('2h');
  });

  it('makes a new rule of the fields given, and an edit that removes the cleared ones', () => {
    const fields = { ...NEW_RULE_FIELDS, name: ' cpu-hot ', hostIds: 'web-*, db-1', hostTags: 'env=prod', extra: 'notify: [ops]' };
    expect(ruleYaml(fields, false)).toBe('name: "cpu-hot"\nmetric: "cpu.busyPct"\nop: ">"\nthreshold: 90\nfor: "5m"\nhosts: {"ids":["web-*","db-1"],"tags":{"env":"prod"}}\nnotify: [ops]\n');
    const edit = ruleYaml({ ...NEW_RULE_FIELDS, name: 'down', metric: 'host.offline', threshold: 'hot' }, true);
    expect(edit).toBe('name: "down"\nmetric: "host.offline"\nop: null\nthreshold: null\nclear: null\nfor: "5m"\nclearFor: null\nseverity: null\nhosts: null\n');
    expect(ruleYaml({ ...NEW_RULE_FIELDS, name: 'x', threshold: 'hot' }, false)).toContain('threshold: "hot"\n');
  });
});
