import { describe, expect, it } from 'vitest';
import { LiveSubscriptions } from './live-subscriptions.js';

const socket = (buffered: number) => ({ buffered, getBufferedAmount() { return this.buffered; } });

describe('LiveSubscriptions', () => {
  it("tells which of a topic's subscribers are backpressured and which uWS would skip", () => {
    const subs = new LiveSubscriptions<ReturnType<typeof socket>>();
    const [idle, waiting, stuck, elsewhere] = [socket(0), socket(10), socket(2000), socket(5000)];
    for (const s of [idle, waiting, stuck]) subs.add('overview', s);
    subs.add('stats', elsewhere);
    expect(subs.backlog('overview', 1000)).toEqual({ backpressured: 1, dropped: 1 });
    expect(subs.backlog('stats', 1000)).toEqual({ backpressured: 0, dropped: 1 });
    expect(subs.backlog('host/none', 1000)).toEqual({ backpressured: 0, dropped: 0 });
    subs.remove('overview', stuck);
    subs.remove('stats', elsewhere);
    subs.remove('stats', elsewhere);
    expect(subs.backlog('overview', 1000)).toEqual({ backpressured: 1, dropped: 0 });
    expect(subs.backlog('stats', 1000)).toEqual({ backpressured: 0, dropped: 0 });
  });
});
