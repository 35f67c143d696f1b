import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HostInfo } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { spawnChild } from '@hostpulse/testkit/child';
import { getJson, waitForHost } from '@hostpulse/testkit/hub-reads';
import { freePort } from '@hostpulse/testkit/ports';
import { waitFor } from '@hostpulse/testkit/waits';

// `npm start` as a person runs it (scripts/start.mjs: the hub with a data dir and no token given, and an agent),
// on a free port and a temporary data dir: what it prints is enough to delete a host that went away.
const START = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

describe('npm start', () => {
  it('prints an admin link whose token deletes a host that went offline', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'hostpulse-start-'));
    const port = await freePort();
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('HOSTPULSE_')));
    const start = spawnChild(process.execPath, [START, '--port', String(port), '--data-dir', dataDir], env);
    const hostId = `gone-${process.pid}`;
    let agent: ReturnType<typeof startAgentProcess> | undefined;
    try {
      const [, url, token] = await start.waitForOutput(/as the admin .*open (http:\/\/\S+)\/#admin=(\S+)/, 150_000);
      const adminToken = decodeURIComponent(token!);
      const agentToken = (await start.waitForOutput(/agent token: (\S+) /))[1]!;
      agent = startAgentProcess(url!, ['--token', agentToken, '--interval', '250', '--host-id', hostId]);
      await waitForHost(url!, hostId, { explain: () => agent!.output() });
      await agent.stop();
      await waitFor(() => getJson<HostInfo>(url!, `/api/hosts/${hostId}`), (host) => !host.online, { timeout: 15_000, message: 'the host offline' });

      const refused = await fetch(`${url}/api/hosts/${hostId}`, { method: 'DELETE' });
      expect(refused.status).toBe(401);
      const deleted = await fetch(`${url}/api/hosts/${hostId}`, { method: 'DELETE', headers: { Authorization: `Bearer ${adminToken}` } });
      expect(deleted.status).toBe(204);
      expect((await fetch(`${url}/api/hosts/${hostId}`)).status).toBe(404);
    } finally {
      await agent?.stop();
      await start.stop('SIGINT');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
