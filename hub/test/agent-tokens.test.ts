import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKENS_PATH, CloseCode } from '@hostpulse/protocol';
import type { AgentTokenResponse, AgentTokensResponse, ErrorResponse, HubStats } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { upgradeStatus } from '@hostpulse/testkit/test-socket';

const ADMIN = 'admin-token-5c1e';
const SHARED = 'shared-agent-token-2b7d';
const FILED = 'file-host-token-8a3f';

let dir: string;
let dataDir: string;
let hub: HubProcess;

const hubArgs = (): string[] => ['--agent-token', SHARED, '--agent-tokens-file', path.join(dir, 'tokens'), '--admin-token', ADMIN, '--data-dir', dataDir];

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the hub's API as the admin (or with `authorization`), sending `body` as JSON. */
async function call<T = ErrorResponse>(method: string, target: string, { body, authorization = `Bearer ${ADMIN}`, on = hub }: { body?: string; authorization?: string; on?: HubProcess } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = authorization === '' ? {} : { authorization };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${on.url}${target}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text === '' ? null : JSON.parse(text)) as T };
}

async function mint(hostId: string): Promise<AgentTokenResponse> {
  const answer = await call<AgentTokenResponse>('POST', AGENT_TOKENS_PATH, { body: JSON.stringify({ hostId }) });
  expect(answer.status).toBe(201);
  return answer.body;
}

const faults = async (): Promise<HubStats['faults']> => (await call<HubStats>('GET', '/api/stats')).body.faults;
const agentUrl = (): string => `ws://127.0.0.1:${hub.port}/agent`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hub-agent-tokens-'));
  dataDir = path.join(dir, 'data');
  await writeFile(path.join(dir, 'tokens'), `filed-1 ${FILED}\n`);
  hub = await startHubProcess(hubArgs());
});
afterAll(async () => {
  await hub?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the agent-token API refuses', () => {
  it('every call on a hub without an admin token (403, naming --admin-token)', async () => {
    const bare = await startHubProcess(['--agent-token', SHARED]);
    try {
      const answers = [
        await call('GET', AGENT_TOKENS_PATH, { on: bare }),
        await call('POST', AGENT_TOKENS_PATH, { on: bare, body: '{"hostId":"web-3"}' }),
        await call('DELETE', `${AGENT_TOKENS_PATH}/web-3`, { on: bare }),
      ];
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
      for (const answer of answers) expect(answer.body.error.message).toMatch(/needs an admin token, and this hub has none: start it with --admin-token/);
    } finally {
      await bare.stop();
    }
  });

  it('every call without the admin token or with a wrong one (401), and counts it', async () => {
    const before = (await faults())['unauthorized'] ?? 0;
    for (const authorization of ['', 'Bearer wrong', `Bearer ${SHARED}`, ADMIN]) {
      const answers = [
        await call('GET', AGENT_TOKENS_PATH, { authorization }),
        await call('POST', AGENT_TOKENS_PATH, { authorization, body: '{"hostId":"web-3"}' }),
        await call('DELETE', `${AGENT_TOKENS_PATH}/web-3`, { authorization }),
      ];
      expect({ authorization, statuses: answers.map((a) => a.status) }).toEqual({ authorization, statuses: [401, 401, 401] });
      expect(answers[1]!.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await faults())['unauthorized']).toBe(before + 12);
    expect((await call<AgentTokensResponse>('GET', AGENT_TOKENS_PATH)).body.tokens.map((t) => t.hostId)).not.toContain('web-3');
  });

  it('a bad host id or body with 400 naming the field, and mints nothing', async () => {
    const cases: [string, string][] = [
      ['{"hostId":"web 3"}', 'hostId'],
      ['{"hostId":"-web"}', 'hostId'],
      ['{}', 'hostId'],
      ['{"hostId":"web-3","token":"chosen-by-me"}', 'token'],
      ['{"hostId":', 'body'],
    ];
    for (const [body, field] of cases) {
      const answer = await call('POST', AGENT_TOKENS_PATH, { body });
      expect({ body, status: answer.status, field: answer.body.error.field }).toEqual({ body, status: 400, field });
      expect(answer.body.error.message).toMatch(new RegExp(`^${field}: `));
    }
    const revoke = await call('DELETE', `${AGENT_TOKENS_PATH}/web%203`);
    expect([revoke.status, revoke.body.error.field]).toEqual([400, 'hostId']);
    const notJson = await fetch(`${hub.url}${AGENT_TOKENS_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` }, body: 'hostId=web-3' });
    expect(notJson.status).toBe(415);
    expect((await call<AgentTokensResponse>('GET', AGENT_TOKENS_PATH)).body.tokens).toEqual([]);
  });

  it('a host id whose token is in --agent-tokens-file (409), which keeps working', async () => {
    const answer = await call('POST', AGENT_TOKENS_PATH, { body: '{"hostId":"filed-1"}' });
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/"filed-1" has its token in the hub's --agent-tokens-file/);
    const agent = await ScriptedAgent.connect(hub.url, 'filed-1', { token: FILED });
    expect(agent.welcome['hostId']).toBe('filed-1');
    agent.stop();
  });
});

describe('a minted token', () => {
  it('is shown once, listed without the token, and never logged', async () => {
    const minted = await mint('listed-1');
    expect(isValid('AgentTokenResponse', minted)).toBe(true);
    expect(minted).toMatchObject({ hostId: 'listed-1', replaced: false });
    const list = await call<AgentTokensResponse>('GET', AGENT_TOKENS_PATH);
    expect(isValid('AgentTokensResponse', list.body)).toBe(true);
    expect(list.body.tokens).toEqual([{ hostId: 'listed-1', createdMs: minted.createdMs }]);
    await hub.waitForOutput(/agent token minted hostId=listed-1/);
    expect(hub.output()).not.toContain(minted.token);
    expect((await call('DELETE', `${AGENT_TOKENS_PATH}/listed-1`)).status).toBe(204);
  });

  it('lets a real agent for its host id stream, and refuses it for another host id (4407)', async () => {
    const { token } = await mint('minted-1');
    const agent = startAgentProcess(hub.url, ['--token', token, '--host-id', 'minted-1', '--interval', '500']);
    const impostor = startAgentProcess(hub.url, ['--token', token, '--host-id', 'other-1', '--interval', '500']);
    try {
      const host = await waitForHost(hub.url, 'minted-1', { explain: agent.output });
      expect(host.online).toBe(true);
      expect(await impostor.exited).toBe(1);
      expect(impostor.output()).toMatch(/the hub refused the agent token \(close code 4407: .*other-1/);
      expect((await call('GET', '/api/hosts/other-1')).status).toBe(404);
      expect(agent.output() + impostor.output() + hub.output()).not.toContain(token);
    } finally {
      await Promise.all([agent.stop(), impostor.stop()]);
    }
  });

  it('is replaced by minting again: the agent still on the old one is closed and its token refused', async () => {
    const first = await mint('rotated-1');
    const agent = startAgentProcess(hub.url, ['--token', first.token, '--host-id', 'rotated-1', '--interval', '500']);
    try {
      await waitForHost(hub.url, 'rotated-1', { explain: agent.output });
      const second = await mint('rotated-1');
      expect(second.replaced).toBe(true);
      expect(second.token).not.toBe(first.token);
      expect(await agent.exited).toBe(1);
      expect(agent.output()).toMatch(/the hub refused the agent token \(close code 4407: agent token replaced/);
      expect(await upgradeStatus(agentUrl(), { Authorization: `Bearer ${first.token}` })).toBe(401);
      const renewed = await ScriptedAgent.connect(hub.url, 'rotated-1', { token: second.token, runId: 'run-2' });
      expect(renewed.welcome['hostId']).toBe('rotated-1');
      renewed.stop();
    } finally {
      await agent.stop();
    }
  });

  it('is revoked at once: the connected agent is closed with 4407, the token refused, the host id unlisted', async () => {
    const { token } = await mint('revoked-1');
    const agent = await ScriptedAgent.connect(hub.url, 'revoked-1', { token });
    expect((await call('DELETE', `${AGENT_TOKENS_PATH}/revoked-1`)).status).toBe(204);
    expect(await agent.socket.closed).toEqual({ code: CloseCode.unauthorized, reason: 'agent token revoked' });
    expect(await upgradeStatus(agentUrl(), { Authorization: `Bearer ${token}` })).toBe(401);
    expect((await call<AgentTokensResponse>('GET', AGENT_TOKENS_PATH)).body.tokens.map((t) => t.hostId)).not.toContain('revoked-1');
    const again = await call('DELETE', `${AGENT_TOKENS_PATH}/revoked-1`);
    expect([again.status, again.body.error.message]).toEqual([404, 'host id "revoked-1" has no minted agent token']);
  });

  it('outlives a restart with a data dir, which holds only its digest; a revoked one stays revoked', async () => {
    const kept = await mint('kept-1');
    const dropped = await mint('dropped-1');
    expect((await call('DELETE', `${AGENT_TOKENS_PATH}/dropped-1`)).status).toBe(204);
    await hub.stop();
    for (const file of await readdir(dataDir)) {
      const bytes = await readFile(path.join(dataDir, file));
      expect({ file, holdsToken: bytes.includes(kept.token) }).toEqual({ file, holdsToken: false });
    }
    hub = await startHubProcess(hubArgs());
    const agent = await ScriptedAgent.connect(hub.url, 'kept-1', { token: kept.token });
    expect(agent.welcome['hostId']).toBe('kept-1');
    agent.stop();
    expect(await upgradeStatus(agentUrl(), { Authorization: `Bearer ${dropped.token}` })).toBe(401);
    const list = (await call<AgentTokensResponse>('GET', AGENT_TOKENS_PATH)).body.tokens;
    expect(list).toContainEqual({ hostId: 'kept-1', createdMs: kept.createdMs });
    expect(list.map((t) => t.hostId)).not.toContain('dropped-1');
  });
});
