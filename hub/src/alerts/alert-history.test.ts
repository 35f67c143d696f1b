import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, DeliveryAttempt } from '@hostpulse/protocol';
import type { AlertEventStore } from '../store/alert-events.js';
import { openDatabase } from '../store/database.js';
import { DiskReader } from '../store/disk-reader.js';
import { DiskWrites, type WriteOp } from '../store/disk-writes.js';
import { HistoryStore } from '../store/history-store.js';
import { AlertHistory } from './alert-history.js';

const DAY = 86_400_000;
const alert = (hostId: string, value = 95): Alert => ({
  id: `cpu-hot|${hostId}|`,
  rule: 'cpu-hot',
  metric: 'cpu.busyPct',
  hostId,
  labels: {},
  severity: 'critical',
  state: 'firing',
  op: '>',
  threshold: 90,
  value,
  activeSinceMs: 0,
  startsAtMs: 0,
  endsAtMs: null,
  updatedMs: 0,
});
const failed = (hostId: string): DeliveryAttempt => ({
  deliveryId: 'd1',
  notifier: 'pager',
  notifierType: 'webhook',
  alertId: `cpu-hot|${hostId}|`,
  rule: 'cpu-hot',
  hostId,
  state: 'firing',
  attempt: 1,
  tsMs: 0,
  status: null,
  outcome: 'retrying',
  error: 'connect ECONNREFUSED 127.0.0.1:9',
  retryAtMs: 1000,
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The store's alert events over a real database, its writes applied when the test commits them, as the disk worker would. */
function diskEvents(dir: string): AlertEventStore & { commit(): void; close(): void } {
  const db = openDatabase(dir);
  const writes = new DiskWrites(db);
  const reader = new DiskReader(db);
  const pending: WriteOp[] = [];
  return {
    isPersistent: true,
    putAlertEvent: (id, tsMs, hostId, event) => void pending.push({ op: 'alertEvent', id, tsMs, hostId, event }),
    alertEvents: (hostId, beforeId, limit) => reader.alertEvents(hostId, beforeId, limit),
    lastAlertEventId: () => reader.lastAlertEventId(),
    commit: () => void writes.apply(pending.splice(0)),
    close: () => db.close(),
  };
}

function memoryHistory(retentionMs = 30 * DAY, kept?: number) {
  const clock = { nowMs: 1_000_000 };
  const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
  const history = new AlertHistory({ store, retentionMs, nowMs: () => clock.nowMs, ...(kept === undefined ? {} : { kept }) });
  return { clock, history };
}

const all = { hostId: undefined, beforeId: undefined, limit: 100 };

describe('AlertHistory', () => {
  it('records firings, resolutions and failed deliveries with the error, and leaves other changes out', () => {
    const { history } = memoryHistory();
    history.changed(alert('web-1'), 'pending');
    history.changed(alert('web-1'), 'firing');
    history.attempted(failed('web-1'));
    history.changed({ ...alert('web-1', 10), state: 'resolved' }, 'resolved');
    history.changed(alert('web-1'), 'withdrawn');
    const events = history.page(all).events;
    expect(events.map((e) => [e.id, e.kind])).toEqual([[3, 'resolved'], [2, 'failed'], [1, 'fired']]);
    expect(events[1]).toEqual(expect.objectContaining({ notifier: 'pager', status: null, outcome: 'retrying', error: 'connect ECONNREFUSED 127.0.0.1:9' }));
    expect(events[2]).toEqual(expect.objectContaining({ severity: 'critical', value: 95, hostId: 'web-1' }));
  });

  it('pages newest first, below the last id of the page before, for one host or all', () => {
    const { history } = memoryHistory();
    for (let i = 0; i < 5; i++) history.changed(alert(i % 2 === 0 ? 'web-1' : 'db-1', i), 'firing');
    const first = history.page({ ...all, limit: 2 });
    expect(first.events.map((e) => e.id)).toEqual([5, 4]);
    expect(first.olderBefore).toBe(4);
    const second = history.page({ ...all, beforeId: first.olderBefore!, limit: 2 });
    expect(second.events.map((e) => e.id)).toEqual([3, 2]);
    const last = history.page({ ...all, beforeId: second.olderBefore!, limit: 2 });
    expect(last.events.map((e) => e.id)).toEqual([1]);
    expect(last.olderBefore).toBeNull();
    expect(history.page({ ...all, hostId: 'web-1' }).events.map((e) => e.id)).toEqual([5, 3, 1]);
    expect(history.page({ ...all, hostId: 'db-1', limit: 1 })).toEqual(expect.objectContaining({ olderBefore: 4, persistent: false }));
  });

  it('serves no event older than the retention once the clock moves past it', () => {
    const { clock, history } = memoryHistory(2 * DAY);
    history.changed(alert('web-1'), 'firing');
    clock.nowMs += DAY;
    history.changed(alert('db-1'), 'firing');
    expect(history.page(all).events.map((e) => e.hostId)).toEqual(['db-1', 'web-1']);
    clock.nowMs += DAY + 1;
    expect(history.page(all).events.map((e) => e.hostId)).toEqual(['db-1']);
    clock.nowMs += DAY;
    expect(history.page(all)).toEqual(expect.objectContaining({ events: [], olderBefore: null }));
  });

  it('keeps only the newest events in memory without a data dir', () => {
    const { history } = memoryHistory(30 * DAY, 3);
    for (let i = 0; i < 5; i++) history.changed(alert('web-1', i), 'firing');
    expect(history.page(all).events.map((e) => e.id)).toEqual([5, 4, 3]);
  });

  it('keeps every event on disk past the memory it keeps, and across a restart, going on with its ids', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-alert-history-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const first = diskEvents(dir);
    const history = new AlertHistory({ store: first, retentionMs: 30 * DAY, kept: 2 });
    for (let i = 0; i < 4; i++) history.changed(alert('web-1', i), 'firing');
    // Before the commit the newest are served from memory; all four once committed.
    expect(history.page(all).events.map((e) => e.id)).toEqual([4, 3]);
    first.commit();
    expect(history.page(all)).toEqual(expect.objectContaining({ persistent: true, olderBefore: null }));
    expect(history.page(all).events.map((e) => e.id)).toEqual([4, 3, 2, 1]);
    expect(history.page({ ...all, beforeId: 4, limit: 2 })).toEqual(expect.objectContaining({ olderBefore: 2 }));
    first.close();

    const second = diskEvents(dir);
    closers.unshift(async () => second.close());
    const again = new AlertHistory({ store: second, retentionMs: 30 * DAY });
    again.attempted(failed('web-1'));
    second.commit();
    const events = again.page(all).events;
    expect(events.map((e) => [e.id, e.kind])).toEqual([[5, 'failed'], [4, 'fired'], [3, 'fired'], [2, 'fired'], [1, 'fired']]);
    expect(events[4]!.value).toBe(0);
  });
});
