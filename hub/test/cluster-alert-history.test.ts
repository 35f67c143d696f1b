import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AlertHistoryResponse } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { getJson } from '@hostpulse/testkit/hub-reads';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { waitFor } from '@hostpulse/testkit/waits';
import { tempDir } from './helpers/alert-rig.js';
import { startTwoHubCluster } from './helpers/cluster-hubs.js';
import { WebhookReceiver } from './helpers/webhook-receiver.js';

// Two real hubs on one real nats-server with the same rules and webhook, a real agent on
// hub A: each hub's alert history is its own record of what it saw and did.
describe('alert history in a cluster', () => {
  it('shows the firing on both hubs, and the delivery only on the hub that made it', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const receiver = await WebhookReceiver.start();
    onTestFinished(() => receiver.stop());
    const rules = {
      rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '1s' }],
      notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiver.port}/hook`, secret: 'cluster-secret' }],
    };
    await writeFile(path.join(dir, 'alerts.json'), JSON.stringify(rules));
    const { a, b, explain } = await startTwoHubCluster(['--alerts-file', path.join(dir, 'alerts.json')]);
    const hostId = `cluster-history-${process.pid}`;
    const agent = startAgentProcess(a.url, ['--interval', '250', '--host-id', hostId]);
    onTestFinished(async () => void (await agent.stop()));

    const kindsOn = async (hub: HubProcess) => (await getJson<AlertHistoryResponse>(hub.url, `/api/alerts/history?host=${hostId}`)).events.map((e) => e.kind);
    // Whichever hub delivers (the one holding the agent, as the cluster decides it) records the delivery; both the firing.
    const both = () => Promise.all([kindsOn(a), kindsOn(b)]);
    const [ofA, ofB] = await waitFor(both, (kinds) => kinds.some((k) => k.includes('delivered')) && kinds.every((k) => k.includes('fired')), { timeout: 20_000, message: 'one hub delivered, both recorded the firing', explain });
    expect([ofA, ofB].sort((x, y) => y.length - x.length)).toEqual([['delivered', 'fired'], ['fired']]);
    expect(receiver.posts).toHaveLength(1);
  });
});
