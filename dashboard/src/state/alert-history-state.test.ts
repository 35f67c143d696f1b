import { describe, expect, it, vi } from 'vitest';
import type { AlertEvent, AlertHistoryResponse } from '@hostpulse/protocol';
import { AlertHistoryState, HISTORY_REFRESH_MIN_MS } from './alert-history-state.svelte.js';

const event = (id: number, hostId: string): AlertEvent => ({ id, tsMs: id * 1000, kind: 'fired', alertId: `cpu|${hostId}|`, rule: 'cpu', hostId });

/** A hub's history of five events over two hosts, paged by `before` as the hub pages it, two a page. */
function hub() {
  const all = [5, 4, 3, 2, 1].map((id) => event(id, id % 2 === 0 ? 'db-1' : 'web-1'));
  const asked: string[] = [];
  const fetch = async (hostId: string | undefined, before: number | undefined): Promise<AlertHistoryResponse> => {
    asked.push(`${hostId ?? '*'} ${before ?? '-'}`);
    const matching = all.filter((e) => (hostId === undefined || e.hostId === hostId) && e.id < (before ?? Infinity));
    const events = matching.slice(0, 2);
    return { hubTimeMs: 0, events, olderBefore: matching.length > 2 ? events[1]!.id : null, retentionMs: 1000, persistent: true };
  };
  return { fetch, asked };
}

describe('AlertHistoryState', () => {
  it('shows the newest page, then appends older pages until there are none', async () => {
    const { fetch, asked } = hub();
    const state = new AlertHistoryState(fetch);
    await state.show(undefined);
    expect(state.events.map((e) => e.id)).toEqual([5, 4]);
    await state.older();
    await state.older();
    expect(state.events.map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
    expect(state.olderBefore).toBeNull();
    await state.older();
    expect(asked).toEqual(['* -', '* 4', '* 2']);
    await state.refresh();
    expect(state.events.map((e) => e.id)).toEqual([5, 4]);
  });

  it('drops an answer for the host shown before, and keeps the error of a failed fetch', async () => {
    const { fetch } = hub();
    let release = (): void => {};
    const slow = (hostId: string | undefined, before: number | undefined) => new Promise<AlertHistoryResponse>((resolve) => (release = () => void fetch(hostId, before).then(resolve)));
    let useSlow = true;
    const state = new AlertHistoryState((hostId, before) => (useSlow ? slow(hostId, before) : fetch(hostId, before)));
    const first = state.show('db-1');
    useSlow = false;
    await state.show('web-1');
    release();
    await first;
    expect(state.events.map((e) => e.hostId)).toEqual(['web-1', 'web-1']);

    const failing = new AlertHistoryState(async () => {
      throw new Error('query parameter "host" must be a host id');
    });
    await failing.show('bad id');
    expect(failing.error).toContain('"host"');
    expect(failing.loading).toBe(false);
  });

  it('fetches the newest page again when alerts move, at most every HISTORY_REFRESH_MIN_MS, and not once older pages are shown', async () => {
    vi.useFakeTimers();
    try {
      const { fetch, asked } = hub();
      const state = new AlertHistoryState(fetch, () => Date.now());
      await state.show(undefined);
      state.changed();
      state.changed();
      await vi.advanceTimersByTimeAsync(HISTORY_REFRESH_MIN_MS - 1);
      expect(asked).toEqual(['* -']);
      await vi.advanceTimersByTimeAsync(1);
      expect(asked).toEqual(['* -', '* -']);
      await state.older();
      state.changed();
      await vi.advanceTimersByTimeAsync(HISTORY_REFRESH_MIN_MS * 2);
      expect(asked).toEqual(['* -', '* -', '* 4']);
      expect(state.events.map((e) => e.id)).toEqual([5, 4, 3, 2]);
      state.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
