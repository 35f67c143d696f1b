import { describe, expect, it } from 'vitest';
import { WEEK_MS, type Silence } from '@hostpulse/protocol';
import { HistoryStore } from '../store/history-store.js';
import { Silences } from './silences.js';

// The silences against a clock the test moves, over the store a restarted hub reads back.
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 0, 4, 2); // a Sunday, 02:00 UTC
const web1 = { hostId: 'web-1', rule: 'cpu-hot' };

function rig(startMs = T0 - HOUR) {
  const clock = { nowMs: startMs };
  const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
  const open = () => new Silences({ store, nowMs: () => clock.nowMs });
  return { clock, store, open };
}

const silence = (over: Partial<Silence> = {}): Silence => ({ id: 's1', hostIds: ['web-*'], comment: 'patching', startsAtMs: T0, endsAtMs: T0 + 2 * HOUR, createdMs: T0 - HOUR, ...over });

describe('Silences', () => {
  it('silences from its start to its end only, and is dropped, also from the store, once it ended', () => {
    const { clock, open } = rig();
    const silences = open();
    silences.set(silence());
    expect(silences.silencing(web1, {})).toBeUndefined();
    clock.nowMs = T0;
    expect(silences.silencing(web1, {})).toEqual({ silence: silence(), endsAtMs: T0 + 2 * HOUR });
    expect(silences.silencing({ hostId: 'db-1', rule: 'cpu-hot' }, {})).toBeUndefined();
    clock.nowMs = T0 + 2 * HOUR;
    expect(silences.silencing(web1, {})).toBeUndefined();
    silences.stop();
    expect(open().list()).toEqual([]);
  });

  it('matches every field given: host pattern, tags and rule', () => {
    const { clock, open } = rig();
    const silences = open();
    clock.nowMs = T0 + HOUR;
    silences.set(silence({ hostTags: { role: 'web' }, rules: ['cpu-hot'] }));
    expect(silences.silencing(web1, { role: 'web' })).toBeDefined();
    expect(silences.silencing(web1, { role: 'db' })).toBeUndefined();
    expect(silences.silencing({ hostId: 'web-1', rule: 'mem-full' }, { role: 'web' })).toBeUndefined();
    silences.stop();
  });

  it('a weekly one comes back each week, marks the end of the window in force, and outlives its first end and a restart', () => {
    const { clock, open } = rig();
    const silences = open();
    const weekly = silence({ repeat: 'weekly' });
    silences.set(weekly);
    clock.nowMs = T0 + 3 * HOUR;
    expect(silences.silencing(web1, {})).toBeUndefined();
    silences.stop();
    const restarted = open();
    expect(restarted.list()).toEqual([weekly]);
    clock.nowMs = T0 + 2 * WEEK_MS + HOUR;
    expect(restarted.silencing(web1, {})).toEqual({ silence: weekly, endsAtMs: T0 + 2 * WEEK_MS + 2 * HOUR });
    clock.nowMs = T0 + 2 * WEEK_MS - 1;
    expect(restarted.silencing(web1, {})).toBeUndefined();
    expect(restarted.end('s1')).toBe(true);
    expect(restarted.list()).toEqual([]);
    restarted.stop();
  });

  it('takes another hub\'s copy of a silence it holds without telling anyone again', () => {
    const { open } = rig();
    const silences = open();
    const told: string[] = [];
    silences.onSet((id, s, origin) => told.push(`${id} ${s ? 'set' : 'ended'} ${origin}`));
    silences.set(silence());
    silences.set(silence(), 'bus');
    silences.set(silence({ comment: 'patching, longer' }), 'bus');
    silences.end('s1', 'bus');
    expect(told).toEqual(['s1 set local', 's1 set bus', 's1 ended bus']);
    silences.stop();
  });
});
