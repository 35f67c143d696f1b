import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDITIVE_SAMPLE_FIELDS, type Filesystem, type OverviewResponse } from '@hostpulse/protocol';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { makeSample } from '@hostpulse/testkit/samples';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { waitFor } from '@hostpulse/testkit/waits';

const TOKEN = 'fs-available-token';
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub(['--agent-token', TOKEN]);
});
afterAll(async () => {
  await hub?.stop();
});

/** Connects an agent for `hostId` and sends one sample with these filesystems. */
async function sendFs(hostId: string, fs: Filesystem[]): Promise<ScriptedAgent> {
  const agent = await ScriptedAgent.connect(hub.url, hostId, { token: TOKEN });
  agent.socket.send({ type: 'sample', sample: { ...makeSample(hostId, 'run-1', 1), fs } });
  return agent;
}

async function fullestFsPct(hostId: string): Promise<number | undefined> {
  const overview = (await (await fetch(`${hub.url}/api/overview`)).json()) as OverviewResponse;
  return overview.hosts.find((h) => h.hostId === hostId)?.metrics?.fullestFsUsedPct;
}

describe('filesystems with and without available bytes', () => {
  it('lists the additive sample fields it takes in its welcome', async () => {
    const agent = await ScriptedAgent.connect(hub.url, 'welcome-host', { token: TOKEN });
    expect(agent.welcome['accepts']).toEqual(expect.arrayContaining(['processes', ...ADDITIVE_SAMPLE_FIELDS]));
    agent.stop();
  });

  it('takes an older agent\'s filesystems without available bytes and shows used / size', async () => {
    const agent = await sendFs('old-agent', [{ mount: '/', fsType: 'ext4', sizeBytes: 1000, usedBytes: 900 }]);
    expect(await waitFor(() => fullestFsPct('old-agent'), (pct) => pct !== undefined, { message: 'old-agent fs percent on the overview' })).toBe(90);
    expect(agent.socket.ws.readyState).toBe(agent.socket.ws.OPEN);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^hostpulse_host_filesystem_used_bytes\{host="old-agent",mountpoint="\/",fstype="ext4"\} 900$/m);
    expect(metrics).not.toMatch(/filesystem_available_bytes\{host="old-agent"/);
    agent.stop();
  });

  it('shows a newer agent\'s filesystems the df way and exports their available bytes', async () => {
    // 50 bytes reserved for root, none left for others: df says 100%.
    const agent = await sendFs('new-agent', [{ mount: '/', fsType: 'ext4', sizeBytes: 1000, usedBytes: 950, availableBytes: 0 }]);
    expect(await waitFor(() => fullestFsPct('new-agent'), (pct) => pct !== undefined, { message: 'new-agent fs percent on the overview' })).toBe(100);
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^hostpulse_host_filesystem_available_bytes\{host="new-agent",mountpoint="\/",fstype="ext4"\} 0$/m);
    agent.stop();
  });
});
