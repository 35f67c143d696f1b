import { request } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_TOKENS_PATH, type HubStats } from '@hostpulse/protocol';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { ROUTES, type RouteSpec } from '../src/auth/routes.js';

const TOKENS = { viewer: 'viewer-token-1234', admin: 'admin-token-1234', agent: 'agent-token-1234' };
const FOREIGN_HOST = 'rebound.example:8080';

/** The token a request of this policy carries when it is meant to pass. */
const rightToken = (spec: RouteSpec): string | undefined =>
  ({ public: undefined, viewer: TOKENS.viewer, admin: TOKENS.admin, lab: TOKENS.admin, agent: TOKENS.agent })[spec.policy];

/** A concrete URL for a route pattern: parameters and wildcards become `x`. */
const urlOf = (spec: RouteSpec): string => spec.path.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'x');

const HTTP_METHOD = { get: 'GET', post: 'POST', del: 'DELETE', any: 'GET', options: 'OPTIONS', ws: 'GET' } as const;

/** Sends one request (a WebSocket upgrade for a socket) and resolves with the status: 101 when the upgrade was taken. */
function send(port: number, spec: RouteSpec, headers: Record<string, string>): Promise<number> {
  const upgrade = spec.method === 'ws' ? { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' } : {};
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: HTTP_METHOD[spec.method], path: urlOf(spec), headers: { ...upgrade, ...headers } });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('every route and socket answers by its policy', () => {
  let hub: TestHub;
  const local = (): string => `127.0.0.1:${hub.port}`;
  const faults = async (): Promise<Record<string, number>> => {
    const res = await fetch(`http://${local()}/api/stats`, { headers: { Authorization: `Bearer ${TOKENS.viewer}` } });
    return ((await res.json()) as HubStats).faults;
  };
  /** The status of one request and by how much each fault count moved. */
  const attempt = async (spec: RouteSpec, headers: Record<string, string>): Promise<{ status: number; counted: Record<string, number> }> => {
    const before = await faults();
    const status = await send(hub.port, spec, headers);
    const after = await faults();
    const counted = Object.fromEntries(Object.keys(after).map((kind) => [kind, (after[kind] ?? 0) - (before[kind] ?? 0)]).filter(([, delta]) => delta !== 0));
    return { status, counted };
  };

  beforeAll(async () => {
    hub = await startTestHub(['--viewer-token', TOKENS.viewer, '--admin-token', TOKENS.admin, '--agent-token', TOKENS.agent, '--lab']);
  });
  afterAll(() => hub?.stop());

  const routes = Object.entries(ROUTES) as [string, RouteSpec][];
  const guarded = routes.filter(([, spec]) => spec.policy !== 'public');

  it.each(routes.filter(([, spec]) => ['viewer', 'admin', 'lab'].includes(spec.policy)))('%s: a foreign Host is refused with 421 and counted', async (_name, spec) => {
    const token = rightToken(spec)!;
    expect(await attempt(spec, { Host: FOREIGN_HOST, Authorization: `Bearer ${token}` })).toEqual({ status: 421, counted: { forbiddenHost: 1 } });
  });

  it.each(routes.filter(([, spec]) => spec.policy === 'agent' || spec.policy === 'public'))('%s: a foreign Host is no reason to refuse', async (_name, spec) => {
    const token = rightToken(spec);
    const { status, counted } = await attempt(spec, { Host: FOREIGN_HOST, ...(token ? { Authorization: `Bearer ${token}` } : {}) });
    expect(status).not.toBe(421);
    expect(counted['forbiddenHost']).toBeUndefined();
  });

  it.each(guarded)('%s: no token is refused with 401 and counted', async (_name, spec) => {
    expect(await attempt(spec, { Host: local() })).toEqual({ status: 401, counted: { unauthorized: 1 } });
  });

  it.each(guarded)('%s: a wrong token is refused with 401 and counted', async (_name, spec) => {
    expect(await attempt(spec, { Host: local(), Authorization: 'Bearer wrong-token-1234' })).toEqual({ status: 401, counted: { unauthorized: 1 } });
  });

  it('rotateHubToken is an admin route: the viewer token is refused, the admin token passes (409 here: this hub\'s tokens are given by flags)', async () => {
    expect(ROUTES.rotateHubToken.policy).toBe('admin');
    const spec: RouteSpec = { ...ROUTES.rotateHubToken, path: `${HUB_TOKENS_PATH}/agent/rotate` };
    expect(await attempt(spec, { Host: local(), Authorization: `Bearer ${TOKENS.viewer}` })).toEqual({ status: 401, counted: { unauthorized: 1 } });
    expect(await attempt(spec, { Host: local(), Authorization: `Bearer ${TOKENS.admin}` })).toEqual({ status: 409, counted: {} });
  });

  it.each(routes.filter(([, spec]) => spec.policy === 'public'))('%s: needs no token', async (_name, spec) => {
    const { status, counted } = await attempt(spec, { Host: local() });
    expect([401, 421]).not.toContain(status);
    expect(counted).toEqual({});
  });
});

describe('routes register only through the access module', () => {
  it('has no uWS route or socket registered outside auth/access.ts, so none can skip its policy', () => {
    const src = fileURLToPath(new URL('../src', import.meta.url));
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
    const registering = files(src)
      .filter((file) => /\bapp\s*\.\s*(get|post|put|patch|del|any|options|head|connect|trace|ws)\s*[<(]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file));
    expect(registering).toEqual(['auth/access.ts']);
  });
});
