import { describe, expect, it } from 'vitest';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { HostRegistry } from './host-registry.js';
import { judgedTsMs } from './sample-clock.js';
import { HistoryStore } from '../store/history-store.js';
import { CHUNK_ROWS } from '../store/row-block.js';

// A real registry on a real memory store, with the hub's clock in the test's hands.
const YEAR_MS = 365 * 86_400_000;

function setup(historyMs: number) {
  let now = Date.UTC(2026, 0, 1);
  const retimed: [string, number, number][] = [];
  const store = new HistoryStore({ dataDir: null, memoryMs: historyMs, nowMs: () => now });
  const registry = new HostRegistry({
    store,
    nowMs: () => now,
    events: { sampleStored: () => {}, statusChanged: () => {}, hostChanged: () => {}, hostRemoved: () => {}, sampleRetimed: (...args) => retimed.push(args) },
  });
  registry.connect(makeHello('h', 'r1'));
  /** One sample a second for `count` seconds, dated by `dateOf(hub time)`, the store encoding and ticking as the hub does. */
  const stream = async (count: number, dateOf: (nowMs: number) => number, firstSeq = 1): Promise<void> => {
    for (let i = 0; i < count; i++) {
      now += 1000;
      registry.addSample({ ...makeSample('h', 'r1', firstSeq + i), tsMs: dateOf(now) });
      await store.flush();
      store.tick();
    }
  };
  const held = () => registry.get('h')!.history.samplesAfter('r1', 0, 100_000);
  return { registry, store, stream, held, retimed, now: () => now };
}

describe('sample times far from the hub clock', () => {
  it('re-times samples more than the limit ahead or behind, and keeps the others', () => {
    const limits = { aheadMs: 300_000, behindMs: 2 * YEAR_MS };
    const rx = Date.UTC(2026, 0, 1);
    expect(judgedTsMs(rx + 299_000, rx, limits)).toBe(rx + 299_000);
    expect(judgedTsMs(rx - YEAR_MS, rx, limits)).toBe(rx - YEAR_MS);
    expect(judgedTsMs(rx + 301_000, rx, limits)).toBe(rx);
    expect(judgedTsMs(rx + 10 * YEAR_MS, rx, limits)).toBe(rx);
    expect(judgedTsMs(1000, rx, limits)).toBe(rx);
  });

  it('keeps a host dated 20 years ahead no longer in memory than --history', async () => {
    const { stream, held, retimed, now } = setup(10_000);
    await stream(600, (nowMs) => nowMs + 20 * YEAR_MS);
    await stream(15, (nowMs) => nowMs + 20 * YEAR_MS, 601);
    const kept = held();
    expect(kept.length).toBeLessThanOrEqual(2 * CHUNK_ROWS);
    expect(kept.every((s) => s.tsMs === s.hubRxMs && s.tsMs <= now())).toBe(true);
    expect(retimed).toHaveLength(615);
  });

  it('holds every sample dated 1970 that its lastSeq says it holds, so no replay is lost', async () => {
    const { registry, stream, held } = setup(600_000);
    await stream(300, (nowMs) => nowMs - Date.UTC(2026, 0, 1) + 1000);
    await stream(30, (nowMs) => nowMs, 301);
    expect(registry.connect(makeHello('h', 'r1')).ok && registry.get('h')!.history.lastSeqOf('r1')).toBe(330);
    expect(held().map((s) => s.seq)).toEqual(Array.from({ length: 330 }, (_, i) => i + 1));
  });
});
