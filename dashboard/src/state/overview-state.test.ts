import { describe, expect, it } from 'vitest';
import type { HostSummary } from '@hostpulse/protocol';
import { OverviewState, SPARKLINE_POINTS, statusWord } from './overview-state.svelte.js';

function summary(hostId: string, tsMs: number, cpuPct: number, extra: Partial<HostSummary> = {}): HostSummary {
  return {
    hostId,
    hostname: hostId,
    tags: {},
    online: true,
    lastSeenMs: tsMs,
    runId: 'r1',
    lastSeq: tsMs / 1000,
    metrics: { tsMs, hubRxMs: tsMs + 5, cpuPct, memUsedPct: 50, swapUsedPct: 0, swapTotalBytes: 1e9, load1: 1, netRxBytesPerSec: 0, netTxBytesPerSec: 0, diskReadBytesPerSec: 0, diskWriteBytesPerSec: 0, uptimeSec: 10 },
    ...extra,
  };
}

describe('OverviewState', () => {
  it('seeds sparklines from a full frame and extends them from deltas', () => {
    const state = new OverviewState();
    state.apply({ full: true, version: 1, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 1000, 10, { cpuPctRecent: [5, 10] })] });
    expect(state.find('web-1')?.cpuRecent).toEqual([5, 10]);
    const fresh = state.apply({ full: false, version: 2, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 2000, 20)] });
    expect(fresh.map((h) => h.hostId)).toEqual(['web-1']);
    expect(state.find('web-1')?.cpuRecent).toEqual([5, 10, 20]);
    // The same sample again (a poll answer after nothing new) does not extend the line.
    state.apply({ full: false, version: 2, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 2000, 20)] });
    expect(state.find('web-1')?.cpuRecent).toEqual([5, 10, 20]);
  });

  it('holds every host of an overview the hub split into frames: the first full, the rest deltas of the same version', () => {
    const state = new OverviewState();
    state.apply({ full: false, version: 1, hubTimeMs: 0, removed: [], hosts: [summary('gone', 1000, 1), summary('web-1', 1000, 1)] });
    state.apply({ full: true, version: 9, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 9000, 10, { cpuPctRecent: [9, 10] })] });
    state.apply({ full: false, version: 9, hubTimeMs: 0, removed: [], hosts: [summary('web-2', 9000, 20, { cpuPctRecent: [19, 20] }), summary('web-3', 9000, 30, { cpuPctRecent: [30] })] });
    expect(state.cards.map((c) => [c.summary.hostId, c.cpuRecent])).toEqual([['web-1', [9, 10]], ['web-2', [19, 20]], ['web-3', [30]]]);
  });

  it('keeps at most a minute of sparkline', () => {
    const state = new OverviewState();
    for (let i = 1; i <= SPARKLINE_POINTS + 10; i += 1) state.apply({ full: false, version: i, hubTimeMs: 0, removed: [], hosts: [summary('web-1', i * 1000, i)] });
    const recent = state.find('web-1')?.cpuRecent ?? [];
    expect(recent).toHaveLength(SPARKLINE_POINTS);
    expect(recent[recent.length - 1]).toBe(SPARKLINE_POINTS + 10);
  });

  it('filters by name and sorts, and drops hosts a full frame no longer lists', () => {
    const state = new OverviewState();
    state.apply({ full: true, version: 1, hubTimeMs: 0, removed: [], hosts: [summary('web-2', 1000, 80), summary('db-1', 1000, 30), summary('web-1', 1000, 50)] });
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['db-1', 'web-1', 'web-2']);
    state.sortBy = 'cpu';
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['web-2', 'web-1', 'db-1']);
    state.filter = 'WEB';
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['web-2', 'web-1']);
    state.apply({ full: true, version: 2, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 2000, 50)] });
    expect(state.cards.map((c) => c.summary.hostId)).toEqual(['web-1']);
  });

  it('sorts and filters by what is shown: a display name, else the id with the hostname beside it', () => {
    const state = new OverviewState();
    const vm = (hostId: string, extra: Partial<HostSummary> = {}) => summary(hostId, 1000, 10, { hostname: 'vm', ...extra });
    state.apply({ full: true, version: 1, hubTimeMs: 0, removed: [], hosts: [vm('web-2'), vm('web-1', { displayName: 'zeta shop' }), vm('db-1')] });
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['db-1', 'web-2', 'web-1']);
    state.filter = 'zeta';
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['web-1']);
    // The hostname is shown beside an unnamed id, so it finds those; not the named one, whose hostname is not shown.
    state.filter = 'vm';
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['db-1', 'web-2']);
  });

  it('takes a display name given to an offline host, whose figures did not change', () => {
    const state = new OverviewState();
    state.apply({ full: true, version: 1, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 1000, 10, { online: false })] });
    state.apply({ full: false, version: 2, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 1000, 10, { online: false, displayName: 'old box' })] });
    expect(state.find('web-1')?.summary.displayName).toBe('old box');
    state.apply({ full: false, version: 3, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 1000, 10, { online: false })] });
    expect(state.find('web-1')?.summary.displayName).toBeUndefined();
  });

  it('sorts by any column, flipping the direction when the same column is chosen again', () => {
    const state = new OverviewState();
    const metrics = (swapUsedPct: number, fullestFsUsedPct?: number, swapTotalBytes = 1e9) => ({ ...summary('x', 1000, 0).metrics!, swapUsedPct, swapTotalBytes, ...(fullestFsUsedPct === undefined ? {} : { fullestFsUsedPct }) });
    state.apply({
      full: true,
      version: 1,
      hubTimeMs: 0,
      removed: [],
      hosts: [summary('a', 1000, 10, { metrics: metrics(5, 40) }), summary('b', 1000, 90, { metrics: metrics(50) }), summary('c', 1000, 50, { metrics: metrics(20, 97) }), summary('d', 1000, 30, { metrics: metrics(0, 10, 0) })],
    });
    // A host with no swap has no swap figure: it sorts after every host that has one, as "n/a".
    state.sort('swap');
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['b', 'c', 'a', 'd']);
    state.sort('swap');
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['d', 'a', 'c', 'b']);
    // A host with no filesystem report yet sorts after those with one.
    state.sort('fs');
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['c', 'a', 'd', 'b']);
    state.sort('name');
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['a', 'b', 'c', 'd']);
    state.sort('name');
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('keeps the rows in place while their figures change, and re-sorts at the next tick', () => {
    const state = new OverviewState();
    state.apply({ full: true, version: 1, hubTimeMs: 0, removed: [], hosts: [summary('a', 1000, 10), summary('b', 1000, 50), summary('c', 1000, 30)] });
    state.sort('cpu');
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['b', 'c', 'a']);
    state.apply({ full: false, version: 2, hubTimeMs: 0, removed: [], hosts: [summary('a', 2000, 90)] });
    expect(state.visible.map((c) => [c.summary.hostId, c.summary.metrics!.cpuPct])).toEqual([['b', 50], ['c', 30], ['a', 90]]);
    state.resortTick += 1;
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['a', 'b', 'c']);
    // A new host is placed at once.
    state.apply({ full: false, version: 3, hubTimeMs: 0, removed: [], hosts: [summary('d', 3000, 70)] });
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('filters by tag, finds tags in the search box, and groups by a tag key with untagged hosts last', () => {
    const state = new OverviewState();
    state.apply({
      full: true,
      version: 1,
      hubTimeMs: 0,
      removed: [],
      hosts: [
        summary('db-1', 1000, 10, { tags: { role: 'db', env: 'prod' } }),
        summary('web-1', 1000, 10, { tags: { role: 'web', env: 'prod' } }),
        summary('web-2', 1000, 10, { tags: { role: 'web', env: 'staging' } }),
        summary('lab-1', 1000, 10),
      ],
    });
    expect(state.tagOptions).toEqual(['env=prod', 'env=staging', 'role=db', 'role=web']);
    expect(state.tagKeys).toEqual(['env', 'role']);
    state.tagFilter = 'env=prod';
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['db-1', 'web-1']);
    state.tagFilter = '';
    state.filter = 'staging';
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['web-2']);
    state.filter = '';
    state.groupBy = 'role';
    expect(state.groups.map((g) => [g.value, g.cards.map((c) => c.summary.hostId)])).toEqual([
      ['db', ['db-1']],
      ['web', ['web-1', 'web-2']],
      [null, ['lab-1']],
    ]);
  });

  it('drops the hosts a delta says the hub forgot', () => {
    const state = new OverviewState();
    state.apply({ full: true, version: 1, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 1000, 10), summary('db-1', 1000, 30)] });
    state.apply({ full: false, version: 2, hubTimeMs: 0, removed: ['db-1'], hosts: [summary('web-1', 2000, 20)] });
    expect(state.cards.map((c) => c.summary.hostId)).toEqual(['web-1']);
    state.remove('web-1');
    expect(state.cards).toEqual([]);
  });

  it('marks a host that went offline, counts it and puts it first by default', () => {
    const state = new OverviewState();
    state.apply({ full: true, version: 1, hubTimeMs: 0, removed: [], hosts: [summary('web-1', 1000, 10), summary('web-2', 1000, 10)] });
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['web-1', 'web-2']);
    state.applyStatus({ hostId: 'web-2', online: false, runId: 'r1', lastSeenMs: 1000 });
    expect(state.find('web-2')?.summary.online).toBe(false);
    expect(state.onlineCount).toBe(1);
    state.resortTick += 1;
    expect(state.visible.map((c) => c.summary.hostId)).toEqual(['web-2', 'web-1']);
  });

  it('never calls a host online while the page has lost the hub', () => {
    expect([statusWord(true, false), statusWord(true, true), statusWord(false, false), statusWord(false, true)]).toEqual(['online', 'unknown', 'offline', 'offline']);
  });
});
