import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSample } from '@hostpulse/protocol';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { makeSample } from '@hostpulse/testkit/samples';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';
import { TestSocket } from '@hostpulse/testkit/test-socket';
import { waitFor } from '@hostpulse/testkit/waits';
import { SERIES_BUCKET_SHAPE } from '../src/core/rate-limit.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GETs `path` from `localAddress` (a loopback address of its own: another client), with `headers`. */
function get(hub: TestHub, path: string, localAddress: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: hub.port, path, localAddress, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A hub holding a few samples of one host; `args` go to the hub. */
async function hubWithHost(args: string[] = []): Promise<TestHub> {
  const hub = await startTestHub(args);
  const agent = await TestSocket.open(`ws://127.0.0.1:${hub.port}/agent`);
  agent.send(new SimulatedHost('polled', 1000, 3, 2).hello());
  const welcome = await agent.next((m) => m.type === 'welcome');
  for (let seq = 1; seq <= 5; seq++) agent.send({ type: 'sample', sample: { ...makeSample('polled', welcome['runId'] as string, seq), tsMs: Date.now() - (5 - seq) * 1000 } } satisfies AgentSample);
  await waitFor(async () => ((await (await fetch(`${hub.url}/api/hosts/polled`)).json()) as { lastSeq: number }).lastSeq, (seq) => seq === 5, { message: 'samples stored' });
  agent.close();
  return hub;
}

/**
 * Asks for series from `localAddress` three times the budget's burst at once, so
 * the budget refills little meanwhile, however slow the machine; the answers, the
 * refused ones last.
 */
async function burst(hub: TestHub, path: string, localAddress: string, headers: Record<string, string> = {}): Promise<Answer[]> {
  const answers = await Promise.all(Array.from({ length: 3 * SERIES_BUCKET_SHAPE.capacity }, () => get(hub, path, localAddress, headers)));
  return answers.sort((a, b) => a.status - b.status);
}

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

describe('series polls per client', () => {
  it('answer a client past its budget with 429 and Retry-After, serve another client meanwhile, and the first again once it waited', { timeout: 30_000 }, async () => {
    hub = await hubWithHost();
    const now = Date.now();
    const path = `/api/hosts/polled/series?from=${now - 60_000}&to=${now}&points=60`;
    const answers = await burst(hub, path, '127.0.0.2');
    const refused = answers.at(-1)!;
    expect(refused.status).toBe(429);
    // The whole burst is served first: nothing but 200s before the refusals.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(SERIES_BUCKET_SHAPE.capacity);
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
    const retryAfterSec = Number(refused.headers['retry-after']);
    expect(retryAfterSec).toBeGreaterThanOrEqual(1);
    expect((JSON.parse(refused.body) as { error: { message: string } }).error.message).toMatch(/^series asked for faster than 10 a second from 127\.0\.0\.2; try again in \d+ s$/);

    // Another client is served; the refused one may still revalidate what it holds (a 304 builds nothing).
    expect((await get(hub, path, '127.0.0.3')).status).toBe(200);
    const etag = answers[0]!.headers['etag'] as string;
    expect((await get(hub, path, '127.0.0.2', { 'If-None-Match': etag })).status).toBe(304);
    const stats = (await (await fetch(`${hub.url}/api/stats`)).json()) as { faults: Record<string, number> };
    expect(stats.faults['rateLimited']).toBeGreaterThanOrEqual(1);

    await new Promise((r) => setTimeout(r, retryAfterSec * 1000));
    expect((await get(hub, path, '127.0.0.2')).status).toBe(200);
  });

  it('tells clients behind a trusted proxy apart by X-Forwarded-For', { timeout: 30_000 }, async () => {
    hub = await hubWithHost(['--trusted-proxy', '127.0.0.2']);
    const now = Date.now();
    const path = `/api/hosts/polled/series?from=${now - 60_000}&to=${now}&points=60`;
    const answers = await burst(hub, path, '127.0.0.2', { 'X-Forwarded-For': '198.51.100.7' });
    expect(answers.at(-1)!.status).toBe(429);
    expect((await get(hub, path, '127.0.0.2', { 'X-Forwarded-For': '198.51.100.8' })).status).toBe(200);
  });
});
