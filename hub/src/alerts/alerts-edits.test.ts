import { describe, expect, it } from 'vitest';
import { addEntry, changeEntry, deleteEntry, exportYaml } from './alerts-edits.js';

const FILE = `# team rules
rules:
  - name: cpu-hot # paged
    metric: cpu.busyPct
    op: ">"
    threshold: 90
    notify: [ops]
notifiers:
  - {name: ops, type: webhook, url: "https://hooks.example/x/y", secret: s3cret}
`;

describe('alerts document edits', () => {
  it('adds a rule at the end, keeping comments and the keys of other entries', () => {
    const text = addEntry(FILE, 'rules', '{"name": "mem-hot", "metric": "mem.usedPct", "op": ">", "threshold": 70}');
    expect(text).toContain('# team rules');
    expect(text).toContain('- name: cpu-hot # paged');
    expect(text).toContain('notify: [ ops ]');
    expect(text).toMatch(/- name: mem-hot\n {4}metric: mem\.usedPct\n/);
  });

  it('sets the keys a change names on the entry, removes those given null, and keeps the others', () => {
    const text = changeEntry(FILE, 'rules', 'cpu-hot', 'threshold: 95\ndisabled: true\nop: null');
    expect(text).toContain('threshold: 95');
    expect(text).toContain('disabled: true');
    expect(text).not.toContain('op:');
    expect(text).toContain('notify: [ ops ]');
  });

  it('deletes an entry by name, and names what is missing or malformed', () => {
    expect(deleteEntry(FILE, 'rules', 'cpu-hot')).not.toContain('cpu-hot');
    expect(() => deleteEntry(FILE, 'rules', 'nope')).toThrow('no rule named "nope"');
    expect(() => changeEntry(FILE, 'notifiers', 'nope', '{}')).toThrow('no notifier named "nope"');
    expect(() => addEntry(FILE, 'rules', '[1, 2]')).toThrow('the rule must be an object');
    expect(() => addEntry(FILE, 'rules', '{"name": ')).toThrow(/^the rule: /);
  });

  it('exports block YAML with secrets masked, also from a JSON document', () => {
    const json = '{"rules": [{"name": "down", "metric": "host.offline"}], "notifiers": [{"name": "ops", "type": "webhook", "url": "https://hooks.example/x/y", "secret": "s3cret"}]}';
    const text = exportYaml(json, ['https://hooks.example/…']);
    expect(text).toContain('rules:\n  - name: down\n');
    expect(text).toContain('secret: "********"');
    expect(text).toContain('url: https://hooks.example/…');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('/x/y');
  });
});
