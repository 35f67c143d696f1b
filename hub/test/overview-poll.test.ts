import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorResponse, OverviewResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';

let hub: TestHub;
const agents: ScriptedAgent[] = [];
/** The overview version right after setup, before poll-c (300 ms interval, one sample) can have gone offline. */
let setupVersion: number;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function overview(query = '', headers: Record<string, string> = {}): Promise<{ status: number; etag: string | null; body: OverviewResponse | null }> {
  const res = await fetch(`${hub.url}/api/overview${query}`, { headers });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body: text === '' ? null : (JSON.parse(text) as OverviewResponse) };
}

beforeAll(async () => {
  hub = await startTestHub();
  for (const hostId of ['poll-a', 'poll-b', 'poll-c']) {
    const agent = await ScriptedAgent.connect(hub.url, hostId, { intervalMs: hostId === 'poll-c' ? 300 : 10_000 });
    agent.sendSample();
    agents.push(agent);
  }
  await sleep(100);
  const setup = (await overview()).body!;
  expect(setup.hosts.find((h) => h.hostId === 'poll-c')?.online).toBe(true);
  setupVersion = setup.version;
});
afterAll(async () => {
  for (const agent of agents) agent.stop();
  await hub?.stop();
});

describe('GET /api/overview?since=', () => {
  it('answers only the hosts changed after since, without sparklines, and 304 when none did', async () => {
    const full = await overview();
    expect(full.body).toMatchObject({ full: true });
    expect(isValid('OverviewResponse', full.body)).toBe(true);
    expect(full.body!.hosts.every((h) => Array.isArray(h.cpuPctRecent))).toBe(true);
    expect(full.body!.hosts.map((h) => h.hostId)).toEqual(expect.arrayContaining(['poll-a', 'poll-b']));

    const since = full.body!.version;
    // The full answer's ETag belongs to the full query: a delta query is answered in full, with its own ETag.
    const empty = await overview(`?since=${since}`, { 'If-None-Match': full.etag! });
    expect([empty.status, empty.body?.hosts]).toEqual([200, []]);
    const unchanged = await overview(`?since=${since}`, { 'If-None-Match': empty.etag! });
    expect(unchanged.status).toBe(304);

    agents[1]!.sendSample();
    agents[1]!.sendSample();
    await sleep(100);
    const delta = await overview(`?since=${since}`, { 'If-None-Match': empty.etag! });
    expect(delta.status).toBe(200);
    expect(isValid('OverviewResponse', delta.body)).toBe(true);
    expect(delta.body!.full).toBe(false);
    expect(delta.body!.version).toBeGreaterThan(since);
    const hostIds = delta.body!.hosts.map((h) => h.hostId);
    expect(hostIds).toContain('poll-b');
    expect(hostIds).not.toContain('poll-a');
    const b = delta.body!.hosts.find((h) => h.hostId === 'poll-b')!;
    expect(b.lastSeq).toBe(3);
    expect(b.cpuPctRecent).toBeUndefined();
  });

  it('includes a host that went offline', async () => {
    // poll-c reports every 300 ms and sent one sample: three intervals and a grace (1,050 ms, plus up to
    // a 250 ms housekeeping tick) turn it offline, after the version taken at setup.
    await expect
      .poll(async () => (await overview(`?since=${setupVersion}`)).body!.hosts.find((h) => h.hostId === 'poll-c')?.online, { timeout: 10_000 })
      .toBe(false);
    expect((await overview(`?since=${setupVersion}`)).body!.full).toBe(false);
  });

  it('answers in full for a since from before this hub started', async () => {
    const { body } = await overview('?since=0');
    expect(body).toMatchObject({ full: true });
    expect(body!.hosts.length).toBeGreaterThanOrEqual(3);
    expect(body!.hosts.every((h) => Array.isArray(h.cpuPctRecent))).toBe(true);
  });

  it('refuses a since beyond the current version or malformed with a JSON 400', async () => {
    const { body } = await overview();
    for (const query of [`?since=${body!.version + 1000}`, '?since=abc', '?since=-1']) {
      const res = await fetch(`${hub.url}/api/overview${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      const error = (await res.json()) as ErrorResponse;
      expect(isValid('ErrorResponse', error)).toBe(true);
      expect(error.error.message).toContain('"since"');
    }
  });
});
