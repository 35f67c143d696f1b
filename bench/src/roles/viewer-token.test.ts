import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPollClientsRole, createPushClientsRole, type ClientReport } from '@hostpulse/loadgen';
import { startHub, viewerHeaders, type HubProcess } from '../kit/hub-process.js';

// The bench's own clients against a real hub that has a viewer token.
const VIEWER = 'bench-viewer-token';
let hub: HubProcess;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  hub = await startHub({ viewerToken: VIEWER });
});
afterAll(async () => {
  await hub?.stop();
});

describe('bench against a hub with a viewer token', () => {
  it('reads the hub stats with the token', async () => {
    expect((await hub.stats()).transports.push.clients).toBe(0);
  });

  it('opens push dashboards with the token, and is refused without it', async () => {
    const url = `ws://127.0.0.1:${hub.port}/live`;
    const refused = createPushClientsRole();
    await expect(refused.handle('start', { url, clients: [['stats']], mode: 'parse', subscribe: true })).rejects.toThrow(/401/);
    const role = createPushClientsRole();
    await role.handle('start', { url, clients: [['stats']], mode: 'parse', subscribe: true, headers: viewerHeaders(VIEWER) });
    await sleep(1500);
    const report = (await role.handle('report', undefined)) as ClientReport;
    await role.handle('stop', undefined);
    expect(report).toMatchObject({ connected: 1, errors: 0 });
    expect(report.frames).toBeGreaterThanOrEqual(2);
  });

  it('polls with the token, and counts errors without it', async () => {
    const run = async (viewerToken?: string): Promise<ClientReport> => {
      const role = createPollClientsRole();
      await role.handle('start', { baseUrl: `http://127.0.0.1:${hub.port}`, clients: [{ clientId: 'bench-token-test', hosts: [] }], intervalMs: 200, headers: viewerHeaders(viewerToken) });
      await sleep(1000);
      const report = (await role.handle('report', undefined)) as ClientReport;
      await role.handle('stop', undefined);
      return report;
    };
    const withToken = await run(VIEWER);
    expect(withToken.errors).toBe(0);
    expect(withToken.frames + withToken.notModified).toBeGreaterThanOrEqual(3);
    expect((await run()).errors).toBeGreaterThanOrEqual(3);
  });
});
