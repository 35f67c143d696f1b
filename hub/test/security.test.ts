import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@hostpulse/protocol';
import type { ErrorResponse, HostsResponse, HubStats } from '@hostpulse/protocol';
import { CONTENT_SECURITY_POLICY, DATA_CONTENT_SECURITY_POLICY } from '../src/http/security-headers.js';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { makeHello } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket, upgradeStatus } from '@hostpulse/testkit/test-socket';

const SHARED = 'shared-agent-token-9f2c';
const WEB_TOKEN = 'per-host-web-token-41aa';
const DB_TOKEN = 'per-host-db-token-77be';
const VIEWER = 'viewer-token-e3d0';
const CORS_ORIGIN = 'https://ops.example.com';
const WALL_ORIGIN = 'https://wall.example.com';
const PUBLIC_URL = 'https://hostpulse.example.com';
const SECRETS = [SHARED, WEB_TOKEN, DB_TOKEN, VIEWER];

let hub: HubProcess;
let dir: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP request with exactly these headers (fetch would add or refuse some, such as Origin). */
function http(method: string, target: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: hub.port, method, path: target, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const bearer = { Authorization: `Bearer ${VIEWER}` };
const cookie = { Cookie: `hostpulse_viewer=${VIEWER}` };
const liveUrl = (): string => `ws://127.0.0.1:${hub.port}/live`;
const agentUrl = (): string => `ws://127.0.0.1:${hub.port}/agent`;
const stats = async (): Promise<HubStats> => JSON.parse((await http('GET', '/api/stats', bearer)).body) as HubStats;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hub-security-'));
  await mkdir(path.join(dir, 'dist'));
  await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>hostpulse</title>');
  await writeFile(path.join(dir, 'tokens'), `# per-host tokens\nweb-1 ${WEB_TOKEN}\ndb-1 ${DB_TOKEN}\n`);
  hub = await startHubProcess([
    '--agent-token', SHARED,
    '--agent-tokens-file', path.join(dir, 'tokens'),
    '--viewer-token', VIEWER,
    '--cors-origin', CORS_ORIGIN,
    '--allowed-origins', WALL_ORIGIN,
    '--public-url', PUBLIC_URL,
    '--dashboard-dir', path.join(dir, 'dist'),
  ]);
});
afterAll(async () => {
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('go out with every answer: page, API, 401, 404, 405, 304, redirect, /metrics and a refused upgrade', async () => {
    const etag = (await http('GET', '/api/overview', bearer)).headers['etag'] as string;
    const answers = {
      page: await http('GET', '/'),
      api: await http('GET', '/api/overview', bearer),
      notModified: await http('GET', '/api/overview', { ...bearer, 'If-None-Match': etag }),
      unauthorized: await http('GET', '/api/overview'),
      noRoute: await http('GET', '/api/nothing', bearer),
      noFile: await http('GET', '/missing.js'),
      method: await http('POST', '/'),
      redirect: await http('GET', `/?token=${VIEWER}`),
      metrics: await http('GET', '/metrics', bearer),
      agentRefused: await http('GET', '/agent', { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, a.status]))).toEqual({
      page: 200, api: 200, notModified: 304, unauthorized: 401, noRoute: 404, noFile: 404, method: 405, redirect: 303, metrics: 200, agentRefused: 401,
    });
    expect(answers.page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(answers.api.headers['content-security-policy']).toBe(DATA_CONTENT_SECURITY_POLICY);
    for (const [name, answer] of Object.entries(answers)) {
      expect({ name, csp: answer.headers['content-security-policy'] }).toEqual({ name, csp: expect.stringContaining("frame-ancestors 'none'") });
      expect({ name, nosniff: answer.headers['x-content-type-options'], referrer: answer.headers['referrer-policy'], frame: answer.headers['x-frame-options'] }).toEqual({
        name, nosniff: 'nosniff', referrer: 'no-referrer', frame: 'DENY',
      });
    }
  });
});

describe('viewer token', () => {
  it('keeps every API route and /metrics behind the token, answering 401 JSON without it', async () => {
    for (const target of ['/api/overview', '/api/hosts', '/api/hosts/web-1', '/api/hosts/web-1/samples', '/api/stats', '/api/time', '/api/nothing', '/metrics']) {
      for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: VIEWER }, { Cookie: 'hostpulse_viewer=wrong' }] as Record<string, string>[]) {
        const answer = await http('GET', target, headers);
        expect({ target, headers, status: answer.status }).toEqual({ target, headers, status: 401 });
        expect((JSON.parse(answer.body) as ErrorResponse).error.status).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer');
      }
      expect({ target, status: (await http('GET', target, bearer)).status }).not.toEqual({ target, status: 401 });
      expect({ target, status: (await http('GET', target, cookie)).status }).not.toEqual({ target, status: 401 });
    }
  });

  it('answers /healthz and /readyz without the token, under any host name, with no data', async () => {
    for (const headers of [{}, { Host: 'rebind.example' }] as Record<string, string>[]) {
      const health = await http('GET', '/healthz', headers);
      expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
      const ready = await http('GET', '/readyz', headers);
      expect([ready.status, JSON.parse(ready.body)]).toEqual([200, { ready: true, checks: { listening: true, storage: true } }]);
    }
  });

  it('serves the page itself without the token: it holds no data', async () => {
    const page = await http('GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>hostpulse</title>');
  });

  it('turns a ?token= link into an HttpOnly SameSite=Strict cookie and a redirect without the token', async () => {
    const answer = await http('GET', `/?mode=poll&token=${VIEWER}`);
    expect(answer.status).toBe(303);
    expect(answer.headers['location']).toBe('/?mode=poll');
    const setCookie = (answer.headers['set-cookie'] ?? []) as string[];
    expect(setCookie).toEqual([expect.stringMatching(new RegExp(`^hostpulse_viewer=${VIEWER}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Strict$`))]);
    const cookiePair = setCookie[0]!.split(';')[0]!;
    expect((await http('GET', '/api/overview', { Cookie: cookiePair })).status).toBe(200);

    const overHttps = await http('GET', `/?token=${VIEWER}`, { 'X-Forwarded-Proto': 'https' });
    expect(overHttps.headers['set-cookie']).toEqual([expect.stringMatching(/; Secure$/)]);
    const wrong = await http('GET', '/?token=guess');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await http('GET', `//evil.example/?token=${VIEWER}`)).headers['location']).toBe('/evil.example/');
  });

  it('lets /live open with the cookie or a bearer header and refuses it without', async () => {
    expect(await upgradeStatus(liveUrl())).toBe(401);
    expect(await upgradeStatus(liveUrl(), { Cookie: 'hostpulse_viewer=wrong' })).toBe(401);
    expect(await upgradeStatus(liveUrl(), cookie)).toBe(101);
    expect(await upgradeStatus(liveUrl(), bearer)).toBe(101);
    const live = await TestSocket.open(liveUrl(), cookie);
    live.send({ type: 'subscribe', topic: 'overview' });
    expect((await live.next((m) => m.type === 'overview')).type).toBe('overview');
    live.close();
  });
});

describe('origins', () => {
  it('lets /live open from the hub own origin, an allowed one or no Origin, and refuses others with 403 before the socket exists', async () => {
    const before = (await stats()).faults['forbiddenOrigin'] ?? 0;
    expect(await upgradeStatus(liveUrl(), { ...cookie, Origin: `http://127.0.0.1:${hub.port}` })).toBe(101);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Origin: `https://127.0.0.1:${hub.port}` })).toBe(101);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Origin: WALL_ORIGIN })).toBe(101);
    expect(await upgradeStatus(liveUrl(), cookie)).toBe(101);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Origin: 'https://evil.example.com' })).toBe(403);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Origin: `http://127.0.0.1:${hub.port + 1}` })).toBe(403);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Origin: 'null' })).toBe(403);
    expect((await stats()).faults['forbiddenOrigin']).toBe(before + 3);
  });

  it('refuses any /agent upgrade carrying an Origin with 403 before the socket exists, even with a valid token', async () => {
    const before = (await stats()).faults['forbiddenOrigin'] ?? 0;
    const agentAuth = { Authorization: `Bearer ${SHARED}` };
    for (const origin of [`http://127.0.0.1:${hub.port}`, WALL_ORIGIN, 'https://evil.example.com', 'null']) {
      expect({ origin, status: await upgradeStatus(agentUrl(), { ...agentAuth, Origin: origin }) }).toEqual({ origin, status: 403 });
    }
    expect(await upgradeStatus(agentUrl(), agentAuth)).toBe(101);
    expect((await stats()).faults['forbiddenOrigin']).toBe(before + 4);
  });

  it('sends CORS headers to the configured origin only, and answers its preflight', async () => {
    const allowed = await http('GET', '/api/overview', { ...bearer, Origin: CORS_ORIGIN });
    expect(allowed.headers['access-control-allow-origin']).toBe(CORS_ORIGIN);
    expect(allowed.headers['access-control-expose-headers']).toBe('ETag');
    expect((await http('GET', '/api/overview', { Origin: CORS_ORIGIN })).headers['access-control-allow-origin']).toBe(CORS_ORIGIN);
    for (const headers of [{ ...bearer, Origin: 'https://evil.example.com' }, bearer, {}]) {
      const answer = await http('GET', '/api/overview', headers);
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
    const preflight = await http('OPTIONS', '/api/overview', { Origin: CORS_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': CORS_ORIGIN,
      'access-control-allow-methods': 'GET',
      'access-control-allow-headers': expect.stringContaining('Authorization'),
    });
    const foreign = await http('OPTIONS', '/api/overview', { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'GET' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect((await http('OPTIONS', '/metrics', { Origin: CORS_ORIGIN, 'Access-Control-Request-Method': 'POST' })).status).toBe(403);
  });
});

describe('host names', () => {
  it('answers data routes only for localhost, IP literals and --public-url names: another name gets 421, counted', async () => {
    const before = (await stats()).faults['forbiddenHost'] ?? 0;
    for (const target of ['/api/overview', '/api/hosts', '/api/time', '/metrics']) {
      const rebound = await http('GET', target, { ...bearer, Host: `rebind.example:${hub.port}` });
      expect({ target, status: rebound.status }).toEqual({ target, status: 421 });
      expect((JSON.parse(rebound.body) as ErrorResponse).error.message).toMatch(/does not answer to the name "rebind\.example:\d+".*--public-url/);
      for (const host of [`127.0.0.1:${hub.port}`, `localhost:${hub.port}`, `[::1]:${hub.port}`, 'hostpulse.example.com', 'HOSTPULSE.example.com:443']) {
        expect({ target, host, status: (await http('GET', target, { ...bearer, Host: host })).status }).toEqual({ target, host, status: 200 });
      }
    }
    expect(await upgradeStatus(liveUrl(), { ...cookie, Host: 'rebind.example' })).toBe(421);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Host: '127.0.0.1.nip.io' })).toBe(421);
    expect((await stats()).faults['forbiddenHost']).toBe(before + 6);
    // The page holds no data, so it loads under any name (and tells the user what is wrong once it asks for data).
    expect((await http('GET', '/', { Host: 'rebind.example' })).status).toBe(200);
  });

  it('lets pages of a public URL open /live, also through a proxy that rewrites the Host header', async () => {
    expect(await upgradeStatus(liveUrl(), { ...cookie, Host: 'hostpulse.example.com', Origin: PUBLIC_URL })).toBe(101);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Origin: PUBLIC_URL })).toBe(101);
    expect(await upgradeStatus(liveUrl(), { ...cookie, Host: 'hostpulse.example.com', Origin: 'https://rebind.example' })).toBe(403);
  });
});

describe('agent tokens', () => {
  it('accepts a per-host token for its own host id and the shared token for any', async () => {
    const web = await ScriptedAgent.connect(hub.url, 'web-1', { token: WEB_TOKEN });
    const other = await ScriptedAgent.connect(hub.url, 'anything-else', { token: SHARED });
    expect([web.welcome['hostId'], other.welcome['hostId']]).toEqual(['web-1', 'anything-else']);
    web.stop();
    other.stop();
  });

  it('closes a socket whose per-host token is for another host, before that host is registered, and counts it', async () => {
    const before = (await stats()).faults['unauthorized'] ?? 0;
    const socket = await TestSocket.open(agentUrl(), { Authorization: `Bearer ${WEB_TOKEN}` });
    socket.send(makeHello('db-1', 'r1'));
    expect((await socket.closed).code).toBe(CloseCode.unauthorized);
    const squatter = await TestSocket.open(agentUrl(), { Authorization: `Bearer ${DB_TOKEN}` });
    squatter.send(makeHello('brand-new-host', 'r1'));
    expect((await squatter.closed).code).toBe(CloseCode.unauthorized);
    const hosts = JSON.parse((await http('GET', '/api/hosts', bearer)).body) as HostsResponse;
    expect(hosts.hosts.map((h) => h.hostId)).not.toContain('db-1');
    expect(hosts.hosts.map((h) => h.hostId)).not.toContain('brand-new-host');
    expect((await stats()).faults['unauthorized']).toBe(before + 2);
  });

  it('refuses an unknown token with 401 and counts it', async () => {
    const before = (await stats()).faults['unauthorized'] ?? 0;
    expect(await upgradeStatus(agentUrl(), { Authorization: 'Bearer not-a-token' })).toBe(401);
    expect(await upgradeStatus(agentUrl(), { Authorization: `Bearer ${VIEWER}` })).toBe(401);
    expect(await upgradeStatus(agentUrl())).toBe(401);
    expect((await stats()).faults['unauthorized']).toBe(before + 3);
  });

  it('lets a real agent in with its host token, and keeps one out that claims another host', async () => {
    const web = startAgentProcess(hub.url, ['--token', WEB_TOKEN, '--host-id', 'web-1', '--interval', '500']);
    const impostor = startAgentProcess(hub.url, ['--token', WEB_TOKEN, '--host-id', 'db-1', '--interval', '500']);
    try {
      await expect.poll(async () => JSON.parse((await http('GET', '/api/hosts/web-1', bearer)).body).online, { timeout: 10_000 }).toBe(true);
      // A token bound to another host can never succeed, so the agent ends as on a 401.
      expect(await impostor.exited).toBe(1);
      expect(impostor.output()).toMatch(/the hub refused the agent token \(close code 4407: .*db-1/);
      expect((await http('GET', '/api/hosts/db-1', bearer)).status).toBe(404);
      for (const secret of SECRETS) expect(web.output() + impostor.output()).not.toContain(secret);
    } finally {
      await Promise.all([web.stop(), impostor.stop()]);
    }
  });

  it('never writes a token to the log', () => {
    expect(hub.output()).toMatch(/fault/);
    for (const secret of SECRETS) expect(hub.output()).not.toContain(secret);
  });
});
