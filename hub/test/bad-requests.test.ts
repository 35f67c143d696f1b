import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import type { HubStats, SamplesResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { rawGet } from './helpers/raw-get.js';
import { runSamples, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket } from '@hostpulse/testkit/test-socket';

let hub: TestHub;
let parent: string;
const SECRET = `secret-${randomBytes(8).toString('hex')}`;
const INDEX = '<!doctype html><title>hostpulse</title>';

const getJson = async (url: string) => {
  const res = await fetch(hub.url + url);
  return { status: res.status, body: (await res.json()) as unknown };
};

beforeAll(async () => {
  // The secret sits right next to the dashboard directory, one `..` away.
  parent = await mkdtemp(path.join(tmpdir(), 'hub-escape-'));
  const dist = path.join(parent, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), INDEX);
  await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(parent, 'secret.txt'), SECRET);
  await writeFile(path.join(parent, 'secret'), SECRET);
  hub = await startTestHub(['--dashboard-dir', dist]);
});
afterAll(async () => {
  await hub?.stop();
  await rm(parent, { recursive: true, force: true });
});

describe('static files', () => {
  it('never serve a file outside the dashboard directory, however the path is written', async () => {
    const secretPath = path.join(parent, 'secret.txt');
    const targets = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/.%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%2F%2e%2e%2Fsecret.txt',
      '/%252e%252e/secret.txt',
      '/%252e%252e%252fsecret.txt',
      '/..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      `/${encodeURIComponent(secretPath)}`,
      `/${secretPath}`,
      `/${secretPath.slice(1)}`,
      '/../secret',
      '/secret.txt%00.js',
      '/%00',
      '/assets/app.js%00',
      `http://x${secretPath}`,
      `http://x/../secret.txt`,
    ];
    for (const target of targets) {
      const { status, text } = await rawGet(hub.port, target);
      expect({ target, leaked: text.includes(SECRET) }).toEqual({ target, leaked: false });
      // A refusal (400, 403, 404), the app shell for a path the single-page app routes, or for an
      // absolute-form target no answer (uWS v20.30) or 505 (v20.57); never the file.
      const ok = [0, 400, 403, 404, 505].includes(status) || (status === 200 && text.endsWith(INDEX));
      expect({ target, status, ok }).toEqual({ target, status, ok: true });
    }
    expect((await rawGet(hub.port, '/assets/app.js')).text).toContain('console.log(1)');
  });
});

describe('polling API input', () => {
  let agent: ScriptedAgent;
  beforeAll(async () => {
    agent = await ScriptedAgent.connect(hub.url, 'old-run-host', { runId: 'run-a' });
    for (let i = 0; i < 3; i++) agent.sendSample();
    await waitForSeq(hub.url, 'old-run-host', 3);
    agent.stop();
    await agent.socket.closed;
    agent = await ScriptedAgent.connect(hub.url, 'old-run-host', { runId: 'run-b' });
    for (let i = 0; i < MAX_SAMPLES_LIMIT + 100; i++) agent.sendSample();
    await waitForSeq(hub.url, 'old-run-host', MAX_SAMPLES_LIMIT + 100);
  });
  afterAll(() => agent?.stop());

  it('answers malformed and out-of-range parameters with 400 and a JSON error, and counts them', async () => {
    const before = ((await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats).faults['badRequest']!;
    const queries = ['after=1e400', 'after=99999999999999999', 'after=', 'after=-0', 'after=0x10', 'after=%00', 'limit=-5', 'limit=0', 'limit=abc', 'limit=1e3', 'run=%00', 'run=../x', `run=${'r'.repeat(65)}`];
    for (const query of queries) {
      const { status, body } = await getJson(`/api/hosts/old-run-host/samples?${query}`);
      expect({ query, status, valid: isValid('ErrorResponse', body) }).toEqual({ query, status: 400, valid: true });
    }
    const after = ((await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats).faults['badRequest']!;
    expect(after - before).toBe(queries.length);
  });

  it('caps limit at MAX_SAMPLES_LIMIT, answers as many as fit with more: true, and ignores unknown parameters', async () => {
    const { status, body } = await getJson(`/api/hosts/old-run-host/samples?run=run-b&limit=1000000&colour=blue`);
    expect(status).toBe(200);
    // The newest MAX_SAMPLES_LIMIT seqs, oldest first: as many as fit in one answer, the rest by asking again.
    expect((body as SamplesResponse).samples[0]!.seq).toBe(101);
    expect((body as SamplesResponse).more).toBe(true);
    const samples = await runSamples(hub.url, 'old-run-host', 'run-b');
    expect(samples.map((s) => s.seq)).toEqual(Array.from({ length: MAX_SAMPLES_LIMIT }, (_, i) => i + 101));
  });

  it('answers run=<an old run> with what the hub holds of the host, across runs, naming the current run', async () => {
    const body = (await getJson('/api/hosts/old-run-host/samples?run=run-a&after=2&limit=5')).body as SamplesResponse;
    expect(body.runId).toBe('run-b');
    expect(body.lastSeq).toBe(MAX_SAMPLES_LIMIT + 100);
    // `after` applies to the current run only; for another run the answer is the newest `limit` the hub holds.
    expect(body.samples.map((s) => `${s.runId}:${s.seq}`)).toEqual(['run-b:3696', 'run-b:3697', 'run-b:3698', 'run-b:3699', 'run-b:3700']);
    // Of MAX_SAMPLES_LIMIT asked, the newest that fit in one answer: nothing is left after them.
    const all = (await getJson(`/api/hosts/old-run-host/samples?run=run-a&limit=${MAX_SAMPLES_LIMIT}`)).body as SamplesResponse;
    const count = all.samples.length;
    expect(count).toBeGreaterThan(5);
    expect(all.samples.map((s) => `${s.runId}:${s.seq}`)).toEqual(Array.from({ length: count }, (_, i) => `run-b:${MAX_SAMPLES_LIMIT + 101 - count + i}`));
    expect(all.more).toBe(false);
  });

  it('answers unknown routes with 404 JSON', async () => {
    for (const url of ['/api/nothing', '/api/hosts/old-run-host/samples/extra', '/api/hosts/%2e%2e', '/api/hosts/nobody/samples', '/api/']) {
      const { status, body } = await getJson(url);
      expect({ url, status, valid: isValid('ErrorResponse', body) }).toEqual({ url, status: 404, valid: true });
    }
  });
});

describe('/live subscribe input', () => {
  it('answers unknown topics with an error message and keeps serving the socket', async () => {
    const live = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
    const topics = ['host/', 'host/../etc', 'host/a/b', 'overview/extra', 'stats ', 'HOST/old-run-host', '__proto__', 'constructor'];
    for (const topic of topics) {
      live.send({ type: 'subscribe', topic });
      const error = await live.next((m) => m.type === 'error' && m['topic'] === topic);
      expect(isValid('LiveError', error)).toBe(true);
    }
    live.send({ type: 'unsubscribe', topic: 'never-subscribed' });
    live.send({ type: 'subscribe', topic: 'overview' });
    await live.next((m) => m.type === 'overview');
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    live.close();
  });
});
