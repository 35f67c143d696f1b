import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_TOKENS_PATH, HUB_TOKENS_PATH, type ErrorResponse, type HubTokenRotation } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { CONNECTED_LINE, startAgentProcess } from '@hostpulse/testkit/agent-process';
import { runHub, startHubProcess } from '@hostpulse/testkit/hub-process';
import { waitForHost, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { freePort } from '@hostpulse/testkit/ports';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { upgradeStatus } from '@hostpulse/testkit/test-socket';

// The hub's own agent and admin tokens: made once, kept in the data dir's tokens file,
// reused by every later start, overridden (and then not written) by flags and variables,
// and rotated through the admin API.

const TOKENS_FILE = 'hostpulse-tokens.json';
const GIVEN_AGENT = 'given-agent-token-7f3a9c';
const GIVEN_ADMIN = 'given-admin-token-2d8e41';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-hub-tokens-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return path.join(dir, 'data');
}

/** What the tokens file holds. */
async function keptTokens(dataDir: string): Promise<{ agentToken?: string; adminToken?: string }> {
  return JSON.parse(await readFile(path.join(dataDir, TOKENS_FILE), 'utf8')) as { agentToken?: string; adminToken?: string };
}

/** The file's permission bits. */
async function modeOf(file: string): Promise<number> {
  return (await stat(file)).mode & 0o777;
}

/** An in-process hub, stopped when the test ends unless the test stopped it. */
async function hubOn(args: string[], env: NodeJS.ProcessEnv = {}): Promise<TestHub> {
  const hub = await startTestHub(args, env);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await hub.stop();
  };
  cleanups.push(stop);
  return { ...hub, stop };
}

/** A hub to call: in this process or another. */
type Hub = Pick<TestHub, 'url' | 'port'>;

async function call<T = ErrorResponse>(hub: Hub, method: string, target: string, token: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${hub.url}${target}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

const rotate = (hub: Hub, name: string, adminToken: string) => call<HubTokenRotation & ErrorResponse>(hub, 'POST', `${HUB_TOKENS_PATH}/${name}/rotate`, adminToken);
const agentUpgrade = (hub: Hub, token: string) => upgradeStatus(`ws://127.0.0.1:${hub.port}/agent`, { Authorization: `Bearer ${token}` });

describe('a hub with a data dir', () => {
  it('makes its tokens once and shows them at the first start only; an agent started before a restart keeps streaming after it', { timeout: 60_000 }, async () => {
    const dataDir = await tempDataDir();
    const hostId = `kept-token-${process.pid}`;
    // An explicit port, so the agent finds the second hub where the first was.
    const port = await freePort();
    const first = await startHubProcess(['--data-dir', dataDir], { port });
    cleanups.push(() => first.stop());
    const file = path.join(dataDir, TOKENS_FILE);
    const { agentToken, adminToken } = await keptTokens(dataDir);
    // The notice goes to stdout once the hub is up, which may trail its "listening" log line on the other pipe.
    await first.waitForOutput(/admin token: \S+ {2}\(kept in /, 10_000);
    expect(first.output()).toContain(`agent token: ${agentToken}  (kept in ${file})`);
    expect(first.output()).toContain(`admin token: ${adminToken}  (kept in ${file})`);
    expect(await modeOf(file)).toBe(0o600);
    // The operator's way to the token: no token chosen by the test.
    const printed = await runHub(['--print-tokens', '--data-dir', dataDir]);
    const shown = /^agent token: (\S+)  \(kept in /m.exec(printed.stdout)?.[1];
    expect(shown).toBe(agentToken);

    const agent = startAgentProcess(first.url, ['--token', shown!, '--interval', '500', '--host-id', hostId]);
    cleanups.push(() => agent.stop());
    const before = await waitForHost(first.url, hostId, { explain: agent.output });
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startHubProcess(['--data-dir', dataDir], { port });
    cleanups.push(() => second.stop());
    expect(second.output()).toMatch(/tokens kept in the data dir; --print-tokens shows them file=\S+ agentToken=kept adminToken=kept\n/);
    expect(second.output()).not.toContain(agentToken);
    expect(second.output()).not.toContain(adminToken);
    const after = await waitForSeq(second.url, hostId, before.lastSeq + 4, 30_000);
    expect(after.runId).toBe(before.runId);
    expect(agent.output()).not.toMatch(/refused the agent token/);
    expect(agent.proc.exitCode).toBeNull();
    expect(await keptTokens(dataDir)).toEqual({ agentToken, adminToken });
    // An agent without the token is refused, on loopback too: a hub with a data dir always has one.
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/agent`)).toBe(401);
  });

  it('makes a tokens file that others can read owner-only again at the next start, saying so', async () => {
    const dataDir = await tempDataDir();
    const first = await hubOn(['--data-dir', dataDir]);
    await first.stop();
    const file = path.join(dataDir, TOKENS_FILE);
    await chmod(file, 0o644);
    const second = await startHubProcess(['--data-dir', dataDir]);
    cleanups.push(() => second.stop());
    expect(second.output()).toMatch(/warn hub: tokens file was readable by others; made it owner-only \(0600\)/);
    expect(await modeOf(file)).toBe(0o600);
  });

  it('refuses to start on a tokens file it cannot read, rather than make new tokens', async () => {
    const dataDir = await tempDataDir();
    const first = await hubOn(['--data-dir', dataDir]);
    await first.stop();
    await writeFile(path.join(dataDir, TOKENS_FILE), '{"agentToken": ', { mode: 0o600 });
    const result = await runHub(['--port', '0', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/hostpulse-tokens\.json is not JSON .*move it aside for new tokens/);
  });

  it('uses a token given by flag or variable over the kept one, and writes no given token', async () => {
    const dataDir = await tempDataDir();
    // Only the admin token is the hub's own here: the file keeps it and nothing of the given agent token.
    const first = await hubOn(['--data-dir', dataDir], { HOSTPULSE_AGENT_TOKEN: GIVEN_AGENT });
    expect(await agentUpgrade(first, GIVEN_AGENT)).toBe(101);
    const { adminToken } = await keptTokens(dataDir);
    expect(await keptTokens(dataDir)).toEqual({ adminToken });
    expect((await rotate(first, 'agent', adminToken!)).body.error.message).toMatch(/given by --agent-token \(HOSTPULSE_AGENT_TOKEN\): change it there/);
    await first.stop();
    for (const name of await readdir(dataDir)) expect({ name, holdsToken: (await readFile(path.join(dataDir, name))).includes(GIVEN_AGENT) }).toEqual({ name, holdsToken: false });

    // Without it, the hub makes its own agent token; given ones then win over both kept ones.
    const second = await hubOn(['--data-dir', dataDir]);
    const kept = await keptTokens(dataDir);
    expect(kept.adminToken).toBe(adminToken);
    expect(await agentUpgrade(second, kept.agentToken!)).toBe(101);
    expect(await agentUpgrade(second, GIVEN_AGENT)).toBe(401);
    await second.stop();
    const fileBefore = await readFile(path.join(dataDir, TOKENS_FILE), 'utf8');

    const third = await hubOn(['--data-dir', dataDir, '--admin-token', GIVEN_ADMIN], { HOSTPULSE_AGENT_TOKEN: GIVEN_AGENT });
    expect(await agentUpgrade(third, GIVEN_AGENT)).toBe(101);
    expect(await agentUpgrade(third, kept.agentToken!)).toBe(401);
    expect((await call(third, 'GET', AGENT_TOKENS_PATH, GIVEN_ADMIN)).status).toBe(200);
    expect((await call(third, 'GET', AGENT_TOKENS_PATH, kept.adminToken!)).status).toBe(401);
    const refused = await rotate(third, 'admin', GIVEN_ADMIN);
    expect([refused.status, refused.body.error.message]).toEqual([409, 'the admin token is given by --admin-token (HOSTPULSE_ADMIN_TOKEN): change it there and restart the hub']);
    await third.stop();
    expect(await readFile(path.join(dataDir, TOKENS_FILE), 'utf8')).toBe(fileBefore);
  });

  it('prints its tokens with --print-tokens without making any', async () => {
    const dataDir = await tempDataDir();
    const fresh = await runHub(['--print-tokens', '--data-dir', dataDir]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/^agent token: none {2}\(not made yet: the hub makes it at its first start with this data dir/m);
    await expect(stat(dataDir)).rejects.toThrow(/ENOENT/);
    const given = await runHub(['--print-tokens', '--data-dir', dataDir], { HOSTPULSE_ADMIN_TOKEN: GIVEN_ADMIN });
    expect(given.stdout).toContain(`admin token: ${GIVEN_ADMIN}  (given by --admin-token (HOSTPULSE_ADMIN_TOKEN); not kept)`);
  });
});

describe('rotating a hub token', () => {
  it('refuses the old agent token at once, takes the new one, keeps agents already connected, and keeps the new one across a restart', async () => {
    const dataDir = await tempDataDir();
    const hub = await hubOn(['--data-dir', dataDir]);
    const old = await keptTokens(dataDir);
    const connected = await ScriptedAgent.connect(hub.url, 'on-old-token', { token: old.agentToken! });
    cleanups.push(async () => connected.stop());

    const answer = await rotate(hub, 'agent', old.adminToken!);
    expect(answer.status).toBe(200);
    expect(isValid('HubTokenRotation', answer.body)).toBe(true);
    expect(answer.body).toMatchObject({ name: 'agent', agentsOnOldToken: 1 });
    expect(answer.body.update).toMatch(/HOSTPULSE_TOKEN in \/etc\/hostpulse\/agent\.env.*--token.*1 agent\(s\) connected with the old token stay connected until they reconnect/);
    const next = answer.body.token;
    expect(next).not.toBe(old.agentToken);
    expect(await agentUpgrade(hub, old.agentToken!)).toBe(401);
    expect(await agentUpgrade(hub, next)).toBe(101);
    // The agent on the old token was not dropped: its next sample is stored.
    const seq = connected.sendSample();
    await waitForSeq(hub.url, 'on-old-token', seq, 5000);
    expect(await keptTokens(dataDir)).toEqual({ agentToken: next, adminToken: old.adminToken });
    expect(await modeOf(path.join(dataDir, TOKENS_FILE))).toBe(0o600);

    await hub.stop();
    const again = await hubOn(['--data-dir', dataDir]);
    expect(await agentUpgrade(again, next)).toBe(101);
    expect(await agentUpgrade(again, old.agentToken!)).toBe(401);
  });

  it('refuses the old admin token at once and takes the new one', async () => {
    const dataDir = await tempDataDir();
    const hub = await hubOn(['--data-dir', dataDir]);
    const old = await keptTokens(dataDir);
    const answer = await rotate(hub, 'admin', old.adminToken!);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: 'admin', agentsOnOldToken: 0, update: expect.stringMatching(/old admin token is refused from now on/) });
    expect((await call(hub, 'GET', AGENT_TOKENS_PATH, old.adminToken!)).status).toBe(401);
    expect((await call(hub, 'GET', AGENT_TOKENS_PATH, answer.body.token)).status).toBe(200);
    expect(await keptTokens(dataDir)).toEqual({ agentToken: old.agentToken, adminToken: answer.body.token });
    expect((await rotate(hub, 'viewer', answer.body.token)).body.error).toMatchObject({ status: 400, field: 'name' });
  });
});

describe('a hub without a data dir', () => {
  it('says its tokens are per run, and keeps none', async () => {
    const hub = await startHubProcess(['--data-dir', 'none', '--admin-token', GIVEN_ADMIN]);
    cleanups.push(() => hub.stop());
    expect(hub.output()).toMatch(/info hub: no data dir: tokens are per run, none is kept; --data-dir DIR makes an agent and an admin token once and keeps them agentToken=none adminToken=given/);
    const refused = await rotate(hub, 'agent', GIVEN_ADMIN);
    expect([refused.status, refused.body.error.message]).toEqual([409, 'without a data dir the hub keeps no tokens: they are per run, as given by flags or variables at each start']);
  });
});
