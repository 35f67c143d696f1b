import { describe, expect, it } from 'vitest';
import type { HostInfo } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { getJson, waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';

// A real hub with --forget-offline-after and a real agent that stops: the host goes offline, then is forgotten.
const TOKEN = 'forget-token';

describe('--forget-offline-after', () => {
  it('forgets a host once it has been offline that long, and says so beforehand on its info', { timeout: 60_000 }, async () => {
    const hostId = `forgotten-${process.pid}`;
    const hub = await startHubProcess(['--agent-token', TOKEN, '--forget-offline-after', '3s']);
    const agent = startAgentProcess(hub.url, ['--token', TOKEN, '--interval', '250', '--host-id', hostId]);
    try {
      const info = await waitForHost(hub.url, hostId, { explain: () => agent.output() });
      expect(info.forgetOfflineAfterMs).toBe(3000);
      await agent.stop();
      const offline = await waitFor(() => getJson<HostInfo>(hub.url, `/api/hosts/${hostId}`), (host) => !host.online, { timeout: 10_000, message: 'the host offline' });
      // Still listed while offline, for as long as the flag says.
      expect(offline.forgetOfflineAfterMs).toBe(3000);
      await waitFor(async () => (await fetch(`${hub.url}/api/hosts/${hostId}`)).status, (status) => status === 404, { timeout: 15_000, message: 'the host forgotten' });
      expect(Date.now() - offline.lastSeenMs).toBeGreaterThanOrEqual(3000);
      expect(hub.output()).toMatch(new RegExp(`host forgotten.*hostId=${hostId}`));
    } finally {
      await agent.stop();
      await hub.stop();
    }
  });
});
