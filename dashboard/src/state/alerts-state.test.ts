import { describe, expect, it } from 'vitest';
import type { Alert, DeliveryAttempt, Silence } from '@hostpulse/protocol';
import { AlertsState } from './alerts-state.svelte.js';

function alert(id: string, state: Alert['state'], extra: Partial<Alert> = {}): Alert {
  return {
    id,
    rule: id.split('|')[0]!,
    metric: 'cpu.busyPct',
    hostId: id.split('|')[1]!,
    labels: {},
    severity: 'warning',
    state,
    op: '>',
    threshold: 90,
    value: 95,
    activeSinceMs: 1000,
    startsAtMs: state === 'pending' ? null : 3000,
    endsAtMs: state === 'resolved' ? 9000 : null,
    updatedMs: 9000,
    ...extra,
  };
}

function attempt(deliveryId: string): DeliveryAttempt {
  return { deliveryId, notifier: 'ops', notifierType: 'webhook', alertId: 'cpu|web-1|', rule: 'cpu', hostId: 'web-1', state: 'firing', attempt: 1, tsMs: 1, status: 204, outcome: 'delivered' };
}

const update = (version: number, alerts: Alert[], extra: { full?: boolean; deliveries?: DeliveryAttempt[]; silences?: Silence[] } = {}) => ({ full: false, version, hubTimeMs: 0, alerts, deliveries: [], ...extra });

describe('AlertsState', () => {
  it('splits a full update into current and past, and counts firing alerts per host, with their worst severity, for the badges', () => {
    const state = new AlertsState();
    state.apply(update(1, [alert('cpu|web-1|', 'pending'), alert('cpu|web-2|', 'firing'), alert('mem|web-2|', 'firing', { severity: 'critical' }), alert('cpu|db-1|', 'resolved')], { full: true }));
    expect(state.current.map((a) => a.id)).toEqual(['mem|web-2|', 'cpu|web-2|', 'cpu|web-1|']);
    expect(state.past.map((a) => a.id)).toEqual(['cpu|db-1|']);
    expect(state.firingByHost.get('web-2')).toEqual({ count: 2, silenced: 0, severity: 'critical' });
    expect(state.firingByHost.has('web-1')).toBe(false);
    expect(state.firingCount).toBe(2);
    expect(state.firingSeverity).toBe('critical');
    state.apply(update(2, [alert('mem|web-2|', 'resolved', { severity: 'critical' })]));
    expect(state.firingByHost.get('web-2')).toEqual({ count: 1, silenced: 0, severity: 'warning' });
    expect(state.firingSeverity).toBe('warning');
  });

  it('moves a resolved alert to the past, drops one that never fired, and prepends new deliveries', () => {
    const state = new AlertsState();
    state.apply(update(1, [alert('cpu|web-1|', 'firing'), alert('load|web-1|', 'pending')], { full: true, deliveries: [attempt('a')] }));
    state.apply(update(2, [alert('cpu|web-1|', 'resolved'), alert('load|web-1|', 'resolved', { startsAtMs: null })], { deliveries: [attempt('b')] }));
    expect(state.current).toEqual([]);
    expect(state.past.map((a) => a.id)).toEqual(['cpu|web-1|']);
    expect(state.deliveries.map((d) => d.deliveryId)).toEqual(['b', 'a']);
    expect(state.firingByHost.size).toBe(0);
  });

  it('ignores a delta older than what it holds', () => {
    const state = new AlertsState();
    state.apply(update(5, [alert('cpu|web-1|', 'firing')], { full: true }));
    state.apply(update(4, [alert('cpu|web-1|', 'resolved')]));
    expect(state.current.map((a) => a.state)).toEqual(['firing']);
  });

  it('keeps the silences a frame carries, and counts the silenced firing alerts per host', () => {
    const state = new AlertsState();
    const silence: Silence = { id: 's1', hostIds: ['web-1'], comment: 'upgrade', startsAtMs: 1000, endsAtMs: 90_000, createdMs: 1000 };
    const marked = { silencedBy: { id: 's1', comment: 'upgrade', endsAtMs: 90_000 } };
    state.apply(update(1, [alert('cpu|web-1|', 'firing', marked), alert('mem|web-1|', 'firing'), alert('cpu|web-2|', 'firing')], { full: true, silences: [silence] }));
    expect(state.silences).toEqual([silence]);
    expect(state.firingByHost.get('web-1')).toEqual({ count: 2, silenced: 1, severity: 'warning' });
    expect(state.firingByHost.get('web-2')).toEqual({ count: 1, silenced: 0, severity: 'warning' });
    // A delta without silences leaves them as they are; the next full frame replaces them.
    state.apply(update(2, [alert('mem|web-1|', 'firing', marked)]));
    expect(state.silences).toEqual([silence]);
    expect(state.firingByHost.get('web-1')).toEqual({ count: 2, silenced: 2, severity: 'warning' });
    state.apply(update(3, [alert('cpu|web-1|', 'firing')], { full: true, silences: [] }));
    expect(state.silences).toEqual([]);
  });
});
