import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATH } from '@hostpulse/protocol';
import type { ErrorResponse, HubStats, LabState } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { processExists } from '@hostpulse/common';
import { waitFor } from '@hostpulse/testkit/waits';

/** One call to /api/lab: its status and parsed body. */
async function call(hub: HubProcess, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: LabState & ErrorResponse }> {
  const res = await fetch(`${hub.url}${LAB_PATH}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as LabState & ErrorResponse };
}


const stats = async (hub: HubProcess): Promise<HubStats> => (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;

describe('lab API on a hub without --lab', () => {
  let hub: HubProcess;
  beforeAll(async () => {
    hub = await startHubProcess();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('refuses every call with 403, saying how to turn the lab on', async () => {
    for (const method of ['GET', 'DELETE']) {
      const { status, body } = await call(hub, method);
      expect(status).toBe(403);
      expect(body.error.message).toMatch(/--lab/);
    }
    expect((await call(hub, 'POST', { viewers: 1, mode: 'push' })).status).toBe(403);
  });
});

describe('lab API on a hub with --lab', () => {
  let hub: HubProcess;
  let agent: ScriptedAgent;
  beforeAll(async () => {
    hub = await startHubProcess(['--lab']);
    agent = await ScriptedAgent.connect(hub.url, 'web-1');
    agent.sendSample();
  });
  afterAll(async () => {
    agent?.stop();
    await hub?.stop();
  });

  it.each([
    [{ viewers: 0, mode: 'poll' }, 'viewers', /from 1 to 1000, got 0/],
    [{ viewers: 5000, mode: 'poll' }, 'viewers', /got 5000/],
    [{ viewers: 10, mode: 'websocket' }, 'mode', /"push" or "poll"/],
    [{ viewers: 10, mode: 'poll', intervalMs: 5 }, 'intervalMs', /from 50 to 10000/],
    [{ viewers: 10, mode: 'poll', topic: 'host/nobody' }, 'topic', /no host with id "nobody"/],
    [{ viewers: 10, mode: 'poll', topic: 'stats' }, 'topic', /"overview" or "host\/<id>"/],
    [{ viewers: 10, mode: 'poll', clients: 10 }, 'clients', /is not a field of this request/],
    ['{"viewers":', 'body', /JSON object/],
  ])('answers %j with 400 naming %s', async (request, field, message) => {
    const { status, body } = await call(hub, 'POST', request);
    expect(status).toBe(400);
    expect(isValid('ErrorResponse', body)).toBe(true);
    expect(body.error.field).toBe(field);
    expect(body.error.message).toMatch(new RegExp(`^${field}: `));
    expect(body.error.message).toMatch(message);
  });

  it('takes settings only as JSON, and only from its own pages', async () => {
    const text = await fetch(`${hub.url}${LAB_PATH}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"viewers":1,"mode":"push"}' });
    expect(text.status).toBe(415);
    const foreign = await call(hub, 'POST', { viewers: 1, mode: 'push' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(/own pages/);
    expect((await call(hub, 'DELETE', undefined, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await call(hub, 'GET')).body.lab).toBeNull();
  });

  it('starts a lab in a process of its own, refuses a second start with 409, changes it by its id and stops it', async () => {
    const started = await call(hub, 'POST', { viewers: 20, mode: 'poll', intervalMs: 250, topic: 'host/web-1' });
    expect(started.status).toBe(201);
    expect(isValid('LabState', started.body)).toBe(true);
    const lab = started.body.lab!;
    expect(lab.settings).toEqual({ viewers: 20, mode: 'poll', intervalMs: 250, topic: 'host/web-1' });
    expect(lab.pid).not.toBe(hub.proc.pid);
    expect(processExists(lab.pid)).toBe(true);
    expect(lab.stopsAtMs - lab.startedMs).toBe(600_000);

    const second = await call(hub, 'POST', { viewers: 5, mode: 'push' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(lab.id);
    expect((await call(hub, 'POST', { viewers: 5, mode: 'push', labId: 'lab-00000000' })).status).toBe(409);

    // The viewers' own figures arrive, and the hub sees them as 20 pollers.
    const withFigures = await waitFor(() => call(hub, 'GET'), (r) => (r.body.lab?.figures?.requestsPerSec ?? 0) > 0, { timeout: 15_000 });
    expect(withFigures.body.lab!.figures!.connected).toBe(20);
    await waitFor(() => stats(hub), (s) => s.transports.poll.clients >= 20, { timeout: 15_000 });

    const changed = await call(hub, 'POST', { viewers: 20, mode: 'push', intervalMs: 250, topic: 'host/web-1', labId: lab.id });
    expect(changed.status).toBe(200);
    expect(changed.body.lab).toMatchObject({ id: lab.id, pid: lab.pid, settings: { mode: 'push' } });
    await waitFor(() => stats(hub), (s) => s.transports.push.clients === 20, { timeout: 15_000 });

    const stopped = await call(hub, 'DELETE');
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ lab: null, lastStop: { id: lab.id, reason: 'stopped' } });
    expect(processExists(lab.pid)).toBe(false);
    // A change to the lab that stopped is a conflict, not a silent restart.
    expect((await call(hub, 'POST', { viewers: 5, mode: 'push', labId: lab.id })).status).toBe(409);
    await waitFor(() => stats(hub), (s) => s.transports.push.clients === 0, { timeout: 15_000 });
  });
});

describe('lab API with tokens', () => {
  const hubs: HubProcess[] = [];
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.stop()));
  });

  it('needs the admin token once a viewer token is set, and refuses with 403 when there is none', async () => {
    const hub = await startHubProcess(['--lab', '--viewer-token', 'view-tok']);
    hubs.push(hub);
    const post = await call(hub, 'POST', { viewers: 1, mode: 'push' }, { authorization: 'Bearer view-tok' });
    expect(post.status).toBe(403);
    expect(post.body.error.message).toMatch(/--admin-token/);
    expect((await call(hub, 'GET')).status).toBe(401);
    const read = await call(hub, 'GET', undefined, { authorization: 'Bearer view-tok' });
    expect(read.status).toBe(200);
    expect(read.body.adminTokenRequired).toBe(true);
  });

  it('takes the admin token, and only it, when one is set; its viewers carry the viewer token', async () => {
    const hub = await startHubProcess(['--lab', '--admin-token', 'admin-tok', '--viewer-token', 'view-tok']);
    hubs.push(hub);
    const viewer = { authorization: 'Bearer view-tok' };
    expect((await call(hub, 'POST', { viewers: 2, mode: 'poll' })).status).toBe(401);
    expect((await call(hub, 'POST', { viewers: 2, mode: 'poll' }, viewer)).status).toBe(401);
    expect((await call(hub, 'DELETE')).status).toBe(401);
    const started = await call(hub, 'POST', { viewers: 2, mode: 'poll' }, { authorization: 'Bearer admin-tok' });
    expect(started.status).toBe(201);
    // The viewers' polls get through the viewer token: answers, and no errors.
    const running = await waitFor(() => call(hub, 'GET', undefined, viewer), (r) => (r.body.lab?.figures?.requestsPerSec ?? 0) > 0, { timeout: 15_000 });
    expect(running.body.lab!.figures!.errors).toBe(0);
    expect((await call(hub, 'DELETE', undefined, { authorization: 'Bearer admin-tok' })).body.lastStop?.reason).toBe('stopped');
    expect(processExists(started.body.lab!.pid)).toBe(false);
  });
});

describe('lab limits', () => {
  it('stops a lab by itself at its time limit, and with the hub', async () => {
    const hub = await startHubProcess(['--lab', '--lab-time-limit', '2s']);
    try {
      const started = await call(hub, 'POST', { viewers: 3, mode: 'poll' });
      expect(started.status).toBe(201);
      const ended = await waitFor(() => call(hub, 'GET'), (r) => r.body.lab === null, { timeout: 10_000 });
      expect(ended.body.lastStop).toMatchObject({ id: started.body.lab!.id, reason: 'timeLimit' });
      expect(processExists(started.body.lab!.pid)).toBe(false);

      const again = await call(hub, 'POST', { viewers: 3, mode: 'push' });
      expect(again.status).toBe(201);
      await hub.stop();
      expect(processExists(again.body.lab!.pid)).toBe(false);
    } finally {
      await hub.stop();
    }
  });
});
