import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../store/history-store.js';
import { DEFAULT_RETENTION } from '../store/tiers.js';
import { AlertsDocument, DEFAULT_ALERTS_TEXT, type AlertsDocumentState } from './alerts-document.js';
import { addEntry } from './alerts-edits.js';
import { DEFAULT_ALERTS, parseAlertsFile } from './rules-file.js';

// The document over one store that each `open` reads again, as a restarted hub does.
const FILE_A = 'rules:\n  - {name: cpu-hot, metric: cpu.busyPct, op: ">", threshold: 90}\n';
const FILE_B = 'rules:\n  - {name: cpu-hot, metric: cpu.busyPct, op: ">", threshold: 80}\n';
const MEM_RULE = '{"name": "mem-hot", "metric": "mem.usedPct", "op": ">", "threshold": 70}';

function rig() {
  const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
  let nowMs = 1_000;
  const open = (text: string | null) => new AlertsDocument({ store, retention: DEFAULT_RETENTION, file: text === null ? null : { path: 'alerts.yaml', text }, nowMs: () => nowMs++ });
  return { store, open };
}

const names = (doc: AlertsDocument) => doc.config.rules.map((rule) => rule.name);

describe('AlertsDocument', () => {
  it('runs DEFAULT_ALERTS without a file or a kept document, and DEFAULT_ALERTS_TEXT says the same rules', () => {
    const doc = rig().open(null);
    expect(doc.config).toBe(DEFAULT_ALERTS);
    expect(doc.state).toBeNull();
    expect(parseAlertsFile(DEFAULT_ALERTS_TEXT, 'default', DEFAULT_RETENTION).rules).toEqual(DEFAULT_ALERTS.rules);
  });

  it('keeps an admin change across a restart with the same file, and imports the file again once its text changed', () => {
    const { open } = rig();
    const first = open(FILE_A);
    expect(first.state).toMatchObject({ revision: 1, source: 'alerts.yaml' });
    first.change((text) => addEntry(text, 'rules', MEM_RULE));
    expect(names(first)).toEqual(['cpu-hot', 'mem-hot']);

    const sameFile = open(FILE_A);
    expect(names(sameFile)).toEqual(['cpu-hot', 'mem-hot']);
    expect(sameFile.state).toMatchObject({ revision: 2, source: 'dashboard' });

    const changedFile = open(FILE_B);
    expect(names(changedFile)).toEqual(['cpu-hot']);
    expect(changedFile.config.rules[0]?.threshold).toBe(80);
    expect(changedFile.state).toMatchObject({ revision: 3, source: 'alerts.yaml' });
  });

  it('on a reload imports the file only when its text changed, telling the listeners, and keeps the rules in force when it does not parse', () => {
    const doc = rig().open(FILE_A);
    const origins: string[] = [];
    doc.onChange((_config, origin) => origins.push(origin));
    expect(doc.reloadFile('alerts.yaml', FILE_A)).toBe(false);
    expect(doc.reloadFile('alerts.yaml', FILE_B)).toBe(true);
    expect(origins).toEqual(['file']);
    expect(() => doc.reloadFile('alerts.yaml', 'rules:\n  - {name: x, metric: cpu.busyPct, op: ">", threshold: hot}\n')).toThrow('alerts.yaml:2:56: rules[0].threshold must be a number');
    expect(doc.config.rules[0]?.threshold).toBe(80);
    expect(doc.state?.revision).toBe(2);
  });

  it('refuses a change that does not parse with the message the file would give, keeping the document', () => {
    const doc = rig().open(FILE_A);
    expect(() => doc.change((text) => addEntry(text, 'rules', '{"name": "bad", "metric": "cpu.busyPct", "op": ">", "threshold": "hot"}'))).toThrow(/rules\[1\]\.threshold must be a number/);
    expect(names(doc)).toEqual(['cpu-hot']);
    expect(doc.state?.revision).toBe(1);
  });

  it("starts an admin's first change on a hub without a file from the default rules", () => {
    const doc = rig().open(null);
    doc.change((text) => addEntry(text, 'rules', MEM_RULE));
    expect(names(doc)).toEqual(['host-offline', 'fs-full', 'mem-high', 'mem-hot']);
  });

  it("adopts another hub's document only when it is newer", () => {
    const doc = rig().open(FILE_A);
    const older: AlertsDocumentState = { text: FILE_B, revision: 1, updatedMs: 0, source: 'other' };
    expect(doc.adopt(older)).toBe(false);
    expect(doc.config.rules[0]?.threshold).toBe(90);
    expect(doc.adopt({ ...older, revision: 2 })).toBe(true);
    expect(doc.config.rules[0]?.threshold).toBe(80);
    expect(() => doc.adopt({ ...older, text: 'rules: 5', revision: 3 })).toThrow('rules must be a list');
    expect(doc.state?.revision).toBe(2);
  });
});
