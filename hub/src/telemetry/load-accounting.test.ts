import { describe, expect, it } from 'vitest';
import { LoadAccounting, POLL_CLIENT_WINDOW_MS, RateMeter } from './load-accounting.js';

describe('LoadAccounting', () => {
  it('keeps totals per transport and turns them into per-second rates at each tick', () => {
    let now = 0;
    const load = new LoadAccounting(() => now);
    for (let i = 0; i < 4; i++) load.recordRequest('poll', 100);
    load.recordFrames('poll', 1, 50, 200);
    load.recordBodiless('poll', 90, true);
    load.recordBodiless('poll', 90, true);
    load.recordBodiless('poll', 90, true);
    load.recordFrames('push', 10, 300, 304);
    load.recordBackpressured('push', 3);
    load.recordDropped('push', 4);
    load.recordWire('push', 400);
    now = 2000;
    load.tick();
    const { push, poll } = load.stats(7);
    expect(poll.totals).toEqual({ requests: 4, notModified: 3, frames: 1, dropped: 0, backpressured: 0, payloadBytes: 50, wireBytes: 400 + 200 + 270 });
    expect([poll.requestsPerSec, poll.notModifiedPerSec, poll.notModifiedShare, poll.framesPerSec, poll.wireBytesPerSec]).toEqual([2, 1.5, 0.75, 0.5, 435]);
    // Ten deliveries of a 300-byte payload in a 304-byte frame (three of them queued), plus a 400-byte handshake;
    // four frames dropped for backpressure cost no bytes and are no deliveries.
    expect(push.totals).toEqual({ requests: 0, notModified: 0, frames: 10, dropped: 4, backpressured: 3, payloadBytes: 3000, wireBytes: 3040 + 400 });
    expect([push.clients, push.framesPerSec, push.droppedPerSec, push.payloadBytesPerSec, push.notModifiedShare]).toEqual([7, 5, 2, 1500, 0]);

    now = 3000;
    load.tick();
    expect(load.stats(0).poll).toMatchObject({ requestsPerSec: 0, notModifiedShare: 0, totals: { requests: 4 } });
  });

  it('counts distinct polling clients seen in the last five seconds', () => {
    let now = 0;
    const load = new LoadAccounting(() => now);
    load.seePollClient('tab-a');
    load.seePollClient('tab-a');
    load.seePollClient('10.0.0.2');
    expect(load.pollClients()).toBe(2);
    now = POLL_CLIENT_WINDOW_MS - 1;
    load.seePollClient('tab-b');
    now = POLL_CLIENT_WINDOW_MS + 1;
    expect(load.pollClients()).toBe(1);
  });
});

describe('RateMeter', () => {
  it('gives the growth per second between updates', () => {
    const meter = new RateMeter(0);
    meter.update(10, 500);
    expect(meter.perSec).toBe(20);
    meter.update(10, 1500);
    expect(meter.perSec).toBe(0);
  });
});
