import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert, DeliveryAttempt } from '@hostpulse/protocol';
import { createLogger } from '@hostpulse/common';
import { HistoryStore } from '../store/history-store.js';
import { DeliveryQueue, retryDelayMs, type QueuedDelivery } from './delivery-queue.js';
import type { NotifyResult } from './notify-http.js';

const alert = (rule: string): Alert => ({
  id: `${rule}|web-1|`, rule, metric: 'load1', hostId: 'web-1', labels: {}, severity: 'warning', state: 'firing', op: '>', threshold: 1,
  value: 2, activeSinceMs: 0, startsAtMs: 0, endsAtMs: null, updatedMs: 0,
});

describe('delivery queue', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  /** A queue whose sends wait for the test to answer them, one answer per call. */
  function queueWith(answers: NotifyResult[]) {
    const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
    const sent: string[] = [];
    const attempts: DeliveryAttempt[] = [];
    let inFlight = 0;
    let most = 0;
    const queue = new DeliveryQueue({
      store,
      log: createLogger('test', 'error'),
      nowMs: () => Date.now(),
      onAttempt: (a) => attempts.push(a),
      send: async (_notifier, delivery: QueuedDelivery) => {
        inFlight++;
        most = Math.max(most, inFlight);
        sent.push(delivery.alert.rule);
        await Promise.resolve();
        inFlight--;
        return answers.shift() ?? { status: 204 };
      },
    });
    queue.setNotifiers([{ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 's' }]);
    return { store, queue, sent, attempts, most: () => most };
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
    const next = new DeliveryQueue({ store, log: createLogger('test', 'error'), onAttempt: () => {}, send: async (_n, d) => (sentIds.push(d.deliveryId), { status: 204 }) });
    next.setNotifiers([{ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 's' }]);
    expect(next.queued('ops')).toBe(1);
    next.start();
    await vi.advanceTimersByTimeAsync(retryDelayMs(1));
    expect(sentIds).toHaveLength(1);
    expect(sentIds[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(next.queued('ops')).toBe(0);
  });
});
