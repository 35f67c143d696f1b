import { afterEach, describe, expect, it } from 'vitest';
import { HUB_INFO_PATH, HUB_TOKENS_PATH, type HubInfo, type HubTokenValue } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';

// What Add host and the empty overview build their commands from: how the hub is reached
// (GET /api/hub, for viewers) and, for an admin, the agent token itself.

const AGENT = 'hub-info-agent-token';
const ADMIN = 'hub-info-admin-token';

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.stop();
});

async function hubOn(args: string[]): Promise<TestHub> {
  const hub = await startTestHub(args);
  hubs.push(hub);
  return hub;
}

async function get<T>(hub: TestHub, path: string, token?: string): Promise<{ status: number; body: T; cache: string | null }> {
  const res = await fetch(`${hub.url}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T, cache: res.headers.get('cache-control') };
}

describe('GET /api/hub', () => {
  it('tells a loopback hub with a shared agent token and its public URLs', async () => {
    const hub = await hubOn(['--agent-token', AGENT, '--public-url', 'https://hostpulse.example.com/', '--public-url', 'http://10.0.0.5:8080']);
    const { status, body } = await get<HubInfo>(hub, HUB_INFO_PATH);
    expect(status).toBe(200);
    expect(isValid('HubInfo', body)).toBe(true);
    expect(body).toEqual({
      publicUrls: ['https://hostpulse.example.com', 'http://10.0.0.5:8080'],
      listenHost: '127.0.0.1',
      isLoopbackOnly: true,
      listenUrls: [`http://127.0.0.1:${hub.port}`],
      agentToken: 'shared',
    } satisfies HubInfo);
  });

  it('says agents need no token on a hub that asks for none', async () => {
    const hub = await hubOn(['--data-dir', 'none']);
    expect((await get<HubInfo>(hub, HUB_INFO_PATH)).body.agentToken).toBe('none');
  });
});

describe('GET /api/hub-tokens/:name', () => {
  it('gives the agent token in force to the admin only, never cached', async () => {
    const hub = await hubOn(['--agent-token', AGENT, '--admin-token', ADMIN]);
    const answer = await get<HubTokenValue>(hub, `${HUB_TOKENS_PATH}/agent`, ADMIN);
    expect(answer).toEqual({ status: 200, body: { name: 'agent', token: AGENT }, cache: 'no-store' });
    expect(isValid('HubTokenValue', answer.body)).toBe(true);
    expect((await get(hub, `${HUB_TOKENS_PATH}/agent`, AGENT)).status).toBe(401);
    expect((await get(hub, `${HUB_TOKENS_PATH}/viewer`, ADMIN)).status).toBe(400);
  });

  it('answers 404 for a token the hub does not have', async () => {
    const hub = await hubOn(['--data-dir', 'none', '--admin-token', ADMIN]);
    const { status, body } = await get<{ error: { message: string } }>(hub, `${HUB_TOKENS_PATH}/agent`, ADMIN);
    expect([status, body.error.message]).toEqual([404, 'this hub has no agent token (hostpulse-hub --print-tokens with its flags says why)']);
  });
});
