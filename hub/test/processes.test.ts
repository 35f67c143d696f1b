import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@hostpulse/protocol';
import type { HubStats, ProcessesResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { makeProcessTable } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket } from '@hostpulse/testkit/test-socket';

// Top-processes tables through a real hub: kept per host, pushed to host watchers only, polled with ETags.
let hub: TestHub;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const openLive = async (topic: string): Promise<TestSocket> => {
  const socket = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
  await socket.next((m) => m.type === 'welcome');
  socket.send({ type: 'subscribe', topic });
  return socket;
};
const getProcesses = (hostId: string, etag?: string) => fetch(`${hub.url}/api/hosts/${hostId}/processes`, { headers: etag ? { 'if-none-match': etag } : {} });

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

describe('process tables', () => {
  it('go to host watchers after the snapshot and as they arrive, and never to overview watchers', async () => {
    const agent = await ScriptedAgent.connect(hub.url, 'proc-push');
    agent.sendSample();
    agent.sendProcesses(1000);
    await sleep(150);
    const host = await openLive('host/proc-push');
    const overview = await openLive('overview');
    await overview.next((m) => m.type === 'overview');
    const first = await host.next((m) => m.type === 'processes');
    expect(host.messages.findIndex((m) => m.type === 'snapshot')).toBeLessThan(host.messages.indexOf(first));
    expect(isValid('LiveProcesses', first)).toBe(true);
    expect(first['table']).toMatchObject({ hostId: 'proc-push', tsMs: 1000, processes: [{ pid: 42, cpuPct: 99.5 }] });

    agent.sendProcesses(6000);
    const second = await host.next((m) => m.type === 'processes' && (m['table'] as { tsMs: number }).tsMs === 6000);
    expect(isValid('LiveProcesses', second)).toBe(true);
    agent.sendSample();
    await overview.next((m) => m.type === 'overview' && !m['full']);
    expect(overview.messages.some((m) => m.type === 'processes')).toBe(false);
    for (const socket of [host, overview]) socket.close();
    agent.stop();
  });

  it('are served at /api/hosts/:id/processes with an ETag that answers 304 until a new table', async () => {
    expect((await getProcesses('nobody-here')).status).toBe(404);
    const agent = await ScriptedAgent.connect(hub.url, 'proc-poll');
    const empty = await getProcesses('proc-poll');
    expect(empty.status).toBe(200);
    const emptyBody = (await empty.json()) as ProcessesResponse;
    expect(isValid('ProcessesResponse', emptyBody)).toBe(true);
    expect(emptyBody).toEqual({ hostId: 'proc-poll', online: true, table: null });

    agent.sendProcesses(2000);
    await sleep(150);
    const full = await getProcesses('proc-poll');
    const body = (await full.json()) as ProcessesResponse;
    expect(isValid('ProcessesResponse', body)).toBe(true);
    expect(body.table).toMatchObject({ tsMs: 2000, processCount: 2 });
    expect(body.table!.hubRxMs).toBeGreaterThan(0);
    const etag = full.headers.get('etag')!;
    expect((await getProcesses('proc-poll', etag)).status).toBe(304);
    agent.sendProcesses(7000);
    await sleep(150);
    const newer = await getProcesses('proc-poll', etag);
    expect(newer.status).toBe(200);
    expect(((await newer.json()) as ProcessesResponse).table!.tsMs).toBe(7000);
    agent.stop();
  });

  it('close the agent socket with a code when invalid or for another host, count it, and the hub keeps serving', async () => {
    const before = (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;
    const strict = await ScriptedAgent.connect(hub.url, 'proc-bad');
    const table = { ...makeProcessTable('proc-bad', 'run-1'), environ: 'SECRET=1' };
    strict.socket.send({ type: 'processes', table });
    expect((await strict.socket.closed).code).toBe(CloseCode.invalidMessage);
    const other = await ScriptedAgent.connect(hub.url, 'proc-bad-2');
    other.socket.send({ type: 'processes', table: makeProcessTable('proc-someone-else', 'run-1') });
    expect((await other.socket.closed).code).toBe(CloseCode.unexpectedMessage);
    const after = (await (await fetch(`${hub.url}/api/stats`)).json()) as HubStats;
    expect(after.faults['invalidMessage']! - before.faults['invalidMessage']!).toBe(1);
    expect(after.faults['unexpectedMessage']! - before.faults['unexpectedMessage']!).toBe(1);
    expect(((await (await getProcesses('proc-bad')).json()) as ProcessesResponse).table).toBeNull();
    expect((await getProcesses('proc-someone-else')).status).toBe(404);
  });
});
