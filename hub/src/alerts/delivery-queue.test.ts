import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, DeliveryAttempt } from '@hostpulse/protocol';
import { createLogger } from '@hostpulse/common';
import { HistoryStore } from '../store/history-store.js';
import { DeliveryQueue, MAX_GROUP_SIZE, retryDelayMs } from './delivery-queue.js';
import type { NotifierConfig } from './rules-file.js';
import { parseChannelUrl } from './channels/channel-url.js';
import type { NotifyResult } from './notify-http.js';

const alert = (rule: string): Alert => ({
  id: `${rule}|web-1|`, rule, metric: 'load1', hostId: 'web-1', labels: {}, severity: 'warning', state: 'firing', op: '>', threshold: 1,
  value: 2, activeSinceMs: 0, startsAtMs: 0, endsAtMs: null, updatedMs: 0,
});

describe('delivery queue', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  /** A queue whose sends wait for the test to answer them, one answer per call. */
  function queueWith(answers: NotifyResult[], notifier: NotifierConfig = { name: 'ops', type: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 's' }) {
    const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
    const sent: string[] = [];
    const ids: string[] = [];
    const attempts: DeliveryAttempt[] = [];
    let inFlight = 0;
    let most = 0;
    const queue = new DeliveryQueue({
      store,
      log: createLogger('test', 'error'),
      nowMs: () => Date.now(),
      onAttempt: (a) => attempts.push(a),
      send: async (_notifier, deliveryId, alerts) => {
        inFlight++;
        most = Math.max(most, inFlight);
        sent.push(alerts.map((a) => a.rule).join('+'));
        ids.push(deliveryId);
        await Promise.resolve();
        inFlight--;
        return answers.shift() ?? { status: 204 };
      },
    });
    queue.setNotifiers([notifier]);
    return { store, queue, sent, ids, attempts, most: () => most };
  }

  it('sends one delivery at a time in order, retrying a failed head with backoff before anything behind it', async () => {
    const { queue, sent, attempts, most } = queueWith([{ status: null, error: 'ECONNREFUSED' }, { status: 503 }]);
    queue.start();
    for (const rule of ['a', 'b', 'c']) queue.enqueue(alert(rule));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(retryDelayMs(1));
    expect(sent).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(retryDelayMs(2));
    expect(sent).toEqual(['a', 'a', 'a', 'b', 'c']);
    expect(most()).toBe(1);
    expect(attempts.map((a) => `${a.rule}#${a.attempt} ${a.status} ${a.outcome}`)).toEqual(['a#1 null retrying', 'a#2 503 retrying', 'a#3 204 delivered', 'b#1 204 delivered', 'c#1 204 delivered']);
    expect(queue.queued('ops')).toBe(0);
  });

  it('drops a delivery the receiver refuses with a 4xx, and one failing for 24 h', async () => {
    const { queue, attempts } = queueWith([{ status: 400 }, ...Array.from({ length: 200 }, () => ({ status: 500 }))]);
    queue.start();
    queue.enqueue(alert('a'));
    queue.enqueue(alert('b'));
    await vi.advanceTimersByTimeAsync(25 * 3_600_000);
    expect(attempts[0]).toMatchObject({ rule: 'a', status: 400, outcome: 'dropped', error: 'HTTP 400' });
    expect(attempts.at(-1)).toMatchObject({ rule: 'b', status: 500, outcome: 'dropped' });
    expect(attempts.filter((a) => a.rule === 'b').length).toBeGreaterThan(140);
    expect(queue.queued('ops')).toBe(0);
  });

  it('keeps what is queued in the store for the next run, with the same delivery id', async () => {
    const { store, queue } = queueWith([{ status: 503 }]);
    queue.start();
    queue.enqueue(alert('a'));
    await vi.advanceTimersByTimeAsync(0);
    queue.stop();
    const sentIds: string[] = [];
    const next = new DeliveryQueue({ store, log: createLogger('test', 'error'), onAttempt: () => {}, send: async (_n, deliveryId) => (sentIds.push(deliveryId), { status: 204 }) });
    next.setNotifiers([{ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 's' }]);
    expect(next.queued('ops')).toBe(1);
    next.start();
    await vi.advanceTimersByTimeAsync(retryDelayMs(1));
    expect(sentIds).toHaveLength(1);
    expect(sentIds[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(next.queued('ops')).toBe(0);
  });

  describe('grouping', () => {
    const ntfy: NotifierConfig = { name: 'phone', type: 'ntfy', url: 'ntfy://127.0.0.1/t?scheme=http', channel: parseChannelUrl('ntfy://127.0.0.1/t?scheme=http') };

    it('sends a channel the state changes that come within the window of the first as one message, and a later one in the next', async () => {
      const { queue, sent, ids, attempts } = queueWith([], ntfy);
      queue.start();
      queue.enqueue(alert('a'), { groupWaitMs: 10_000 });
      await vi.advanceTimersByTimeAsync(3000);
      queue.enqueue(alert('b'), { groupWaitMs: 10_000 });
      queue.enqueue({ ...alert('a'), state: 'resolved', endsAtMs: 1 }, { groupWaitMs: 10_000 });
      await vi.advanceTimersByTimeAsync(6999);
      expect(sent).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toEqual(['a+b+a']);
      queue.enqueue(alert('c'), { groupWaitMs: 10_000 });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(sent).toEqual(['a+b+a', 'c']);
      expect(attempts.map((a) => `${a.rule} ${a.state} ${a.outcome}`)).toEqual(['a firing delivered', 'b firing delivered', 'a resolved delivered', 'c firing delivered']);
      // One message, one idempotency key, named by its members' attempts beside their own; a message of one alert is under that alert's.
      expect(new Set(attempts.slice(0, 3).map((a) => a.groupId))).toEqual(new Set([ids[0]]));
      expect(new Set(attempts.slice(0, 3).map((a) => a.deliveryId)).size).toBe(3);
      expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
      expect(attempts.slice(0, 3).map((a) => a.deliveryId)).not.toContain(ids[0]);
      expect(attempts[3]).toMatchObject({ deliveryId: ids[1] });
      expect(attempts[3]!.groupId).toBeUndefined();
    });

    it('closes a group at the soonest window of its members', async () => {
      const { queue, sent } = queueWith([], ntfy);
      queue.start();
      queue.enqueue(alert('a'), { groupWaitMs: 10_000 });
      await vi.advanceTimersByTimeAsync(1000);
      queue.enqueue(alert('b'), { groupWaitMs: 0 });
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toEqual(['a+b']);
    });

    it(`lists at most ${MAX_GROUP_SIZE} alerts in one message`, async () => {
      const { queue, sent } = queueWith([], ntfy);
      queue.start();
      for (let i = 0; i < MAX_GROUP_SIZE + 3; i++) queue.enqueue(alert(`r${i}`), { groupWaitMs: 5000 });
      await vi.advanceTimersByTimeAsync(5000);
      expect(sent.map((message) => message.split('+').length)).toEqual([MAX_GROUP_SIZE, 3]);
    });

    it('never groups a webhook: one request per state change, at once', async () => {
      const { queue, sent } = queueWith([]);
      queue.start();
      queue.enqueue(alert('a'), { groupWaitMs: 10_000 });
      queue.enqueue(alert('b'), { groupWaitMs: 10_000 });
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toEqual(['a', 'b']);
    });

    it('keeps a group in the store: after a restart it goes as the same message, with the same id', async () => {
      const { store, queue, ids } = queueWith([{ status: 503 }], ntfy);
      queue.start();
      queue.enqueue(alert('a'), { groupWaitMs: 2000 });
      queue.enqueue(alert('b'), { groupWaitMs: 2000 });
      await vi.advanceTimersByTimeAsync(2000);
      expect(ids).toHaveLength(1);
      queue.stop();
      const resent: string[] = [];
      const next = new DeliveryQueue({ store, log: createLogger('test', 'error'), onAttempt: () => {}, send: async (_n, deliveryId, alerts) => (resent.push(`${deliveryId} ${alerts.map((a) => a.rule).join('+')}`), { status: 204 }) });
      next.setNotifiers([ntfy]);
      // A state change after the restart does not join a group already sent.
      next.enqueue(alert('c'), { groupWaitMs: 2000 });
      next.start();
      await vi.advanceTimersByTimeAsync(retryDelayMs(1) + 2000);
      expect(resent).toEqual([`${ids[0]} a+b`, expect.stringMatching(/ c$/)]);
    });

    it('sends a group whose window a restart cut short once its window closes', async () => {
      const { store, queue } = queueWith([], ntfy);
      queue.enqueue(alert('a'), { groupWaitMs: 5000 });
      queue.enqueue(alert('b'), { groupWaitMs: 5000 });
      queue.stop();
      const resent: string[] = [];
      const next = new DeliveryQueue({ store, log: createLogger('test', 'error'), onAttempt: () => {}, send: async (_n, _id, alerts) => (resent.push(alerts.map((a) => a.rule).join('+')), { status: 204 }) });
      next.setNotifiers([ntfy]);
      next.start();
      await vi.advanceTimersByTimeAsync(4999);
      expect(resent).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(resent).toEqual(['a+b']);
    });
  });
});
