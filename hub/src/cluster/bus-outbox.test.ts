import { describe, expect, it } from 'vitest';
import { BusOutbox, type OutboxItem } from './bus-outbox.js';

const item = (n: number): OutboxItem => ({ subject: `s.${n}`, data: 'x'.repeat(10), msgId: `id-${n}` });
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A JetStream stand-in: stores each id once, in arrival order; `down` rejects every publish. */
function fakeStream() {
  const stored: string[] = [];
  const state = { down: false, attempts: 0 };
  const publish = (entry: OutboxItem): Promise<void> => {
    state.attempts++;
    if (state.down) return Promise.reject(new Error('down'));
    if (!stored.includes(entry.msgId)) stored.push(entry.msgId);
    return Promise.resolve();
  };
  return { stored, state, publish };
}

describe('BusOutbox', () => {
  it('publishes in order, holds everything while the stream is away, and publishes it all, in order, after', async () => {
    const stream = fakeStream();
    const failures: string[] = [];
    const outbox = new BusOutbox({ publish: stream.publish, maxBytes: 10_000, retryMs: 5, onDrop: () => {}, onFailure: (err) => failures.push(err.message) });
    outbox.add(item(1));
    await tick();
    stream.state.down = true;
    for (let n = 2; n <= 6; n++) outbox.add(item(n));
    await tick();
    expect(outbox.size).toBe(5);
    expect(failures).toEqual(['down']);
    stream.state.down = false;
    outbox.retryNow();
    await new Promise((r) => setTimeout(r, 30));
    expect(stream.stored).toEqual(['id-1', 'id-2', 'id-3', 'id-4', 'id-5', 'id-6']);
    expect([outbox.size, outbox.published]).toEqual([0, 6]);
    outbox.stop();
  });

  it('drops the oldest waiting messages past its byte cap and says how many', async () => {
    const stream = fakeStream();
    stream.state.down = true;
    const dropped: number[] = [];
    const outbox = new BusOutbox({ publish: stream.publish, maxBytes: 35, retryMs: 60_000, onDrop: (n) => dropped.push(n), onFailure: () => {} });
    outbox.add(item(1));
    await tick();
    for (let n = 2; n <= 5; n++) outbox.add(item(n));
    expect(outbox.size).toBe(3);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(2);
    stream.state.down = false;
    outbox.retryNow();
    await new Promise((r) => setTimeout(r, 10));
    expect(stream.stored).toEqual(['id-3', 'id-4', 'id-5']);
    outbox.stop();
  });
});
