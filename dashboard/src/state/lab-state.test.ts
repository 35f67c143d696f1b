import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LabFigures, LabState } from '@hostpulse/protocol';
import { labCost, LoadLab } from './lab-state.svelte.js';

const figures = (tsMs: number, mode: 'push' | 'poll', p95: number): LabFigures => ({
  tsMs, mode, connected: 300, updatesPerSec: 300, dataAgeP50Ms: p95 / 2, dataAgeP95Ms: p95,
  requestsPerSec: 0, notModifiedPerSec: 0, rxBytesPerSec: 0, txBytesPerSec: 0, errors: 0, cpuPct: 1,
});
const running = (mode: 'push' | 'poll', f: LabFigures | null): LabState => ({
  adminTokenRequired: false,
  lab: { id: 'lab-1', settings: { viewers: 300, mode, intervalMs: 250, topic: 'overview' }, pid: 42, startedMs: 0, stopsAtMs: 600_000, figures: f },
  lastStop: null,
});

/** Stubs fetch with answers in order and records each request's method and body. */
function stubFetch(answers: { status: number; body: unknown }[]): { method: string; body: unknown }[] {
  const calls: { method: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (_url: URL, init: RequestInit) => {
    calls.push({ method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    const answer = answers.shift()!;
    return new Response(JSON.stringify(answer.body), { status: answer.status });
  });
  return calls;
}

describe('LoadLab', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('starts with the form, swaps all by naming the running lab, and shows a refusal with its field', async () => {
    const lab = new LoadLab('http://hub.test/');
    const calls = stubFetch([
      { status: 201, body: running('poll', null) },
      { status: 200, body: running('push', null) },
      { status: 400, body: { error: { status: 400, message: 'viewers: must be a whole number from 1 to 1000, got 0', field: 'viewers' } } },
    ]);
    await lab.apply();
    expect(calls[0]).toEqual({ method: 'POST', body: { viewers: 50, mode: 'poll', intervalMs: 1000, topic: 'overview' } });
    expect(lab.running?.id).toBe('lab-1');
    await lab.swapAll();
    expect(calls[1]!.body).toEqual({ viewers: 300, mode: 'push', intervalMs: 250, topic: 'overview', labId: 'lab-1' });
    lab.viewers = 0;
    await lab.apply();
    expect(lab.error).toEqual({ message: 'viewers: must be a whole number from 1 to 1000, got 0', field: 'viewers' });
  });

  it("matches push freshness from the lab viewers' push seconds, and says so when there are none", async () => {
    const lab = new LoadLab('http://hub.test/');
    await lab.matchPushFreshness(null);
    expect(lab.presetNote).toMatch(/No push data age measured yet/);
    stubFetch([
      { status: 200, body: running('push', figures(1000, 'push', 95)) },
      { status: 200, body: running('poll', figures(2000, 'poll', 240)) },
    ]);
    await lab.refresh();
    expect(lab.history).toHaveLength(1);
    await lab.matchPushFreshness(500);
    expect([lab.mode, lab.intervalMs]).toEqual(['poll', 100]);
    expect(lab.presetNote).toMatch(/95 ms \(the lab viewers'\); a poll every 100 ms/);
  });

  it('fills the form from a lab changed elsewhere, and keeps edits not yet applied while the lab does not change', async () => {
    const lab = new LoadLab('http://hub.test/');
    stubFetch([
      { status: 200, body: running('push', null) },
      { status: 200, body: running('push', null) },
      { status: 200, body: running('poll', null) },
    ]);
    await lab.refresh();
    expect(lab.mode).toBe('push');
    lab.viewers = 75;
    await lab.refresh();
    expect([lab.mode, lab.viewers]).toEqual(['push', 75]);
    await lab.refresh();
    expect([lab.mode, lab.viewers]).toEqual(['poll', 300]);
  });

  it('starts modest, 50 viewers polling once a second, and says what a run will ask of the hub', () => {
    const lab = new LoadLab('http://hub.test/');
    expect([lab.viewers, lab.mode, lab.intervalMs]).toEqual([50, 'poll', 1000]);
    expect(labCost(lab.viewers, lab.mode, lab.intervalMs)).toBe('50 viewers polling every 1000 ms: about 50 requests a second to the hub');
    expect(labCost(300, 'poll', 250)).toBe('300 viewers polling every 250 ms: about 1200 requests a second to the hub');
    expect(labCost(300, 'push', 250)).toBe('300 push viewers: 300 sockets held open, each sent every update of what it watches');
  });

  it('knows the lab is off when the hub answers 403', async () => {
    const lab = new LoadLab('http://hub.test/');
    stubFetch([{ status: 403, body: { error: { status: 403, message: 'the load lab is off' } } }]);
    await lab.refresh();
    expect(lab.available).toBe(false);
  });
});
