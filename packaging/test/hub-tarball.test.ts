import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { waitForSeq } from '@hostpulse/testkit/hub-reads';
import { trixieNode } from '@hostpulse/testkit/trixie-node';
import { artifact, expectServesDashboard, removeTempDirs, runOk, startReleasedHub, tempDir, VERSION } from './release-kit.js';

// The hub's tarball of `npm run release`, unpacked into a temporary directory outside the
// repository and run by a Node of the host's: this machine's Node 20 on its glibc 2.36
// (uWebSockets.js v20.30, better-sqlite3 12), and npm's Node 24 on Debian 13's glibc
// (v20.57, better-sqlite3 13), each with a data dir and a real agent.
const TOKEN = 'tarball-token';

afterAll(removeTempDirs);

/** Unpacks the tarball of `arch` into a new directory; its hostpulse-hub/ folder. */
function unpack(arch: string): string {
  const dir = tempDir(`tarball-${arch}`);
  runOk('tar', ['-xzf', artifact(`hostpulse-hub-${VERSION}-linux-${arch}.tar.gz`), '-C', dir]);
  return join(dir, 'hostpulse-hub');
}

describe('the linux-x64 tarball', () => {
  const cases = [
    { name: 'Node 20 on glibc 2.36 (this machine)', node: () => process.execPath, hostId: 'tarball-node20' },
    { name: 'Node 24 on glibc 2.41 (Debian 13)', node: () => trixieNode(24), hostId: 'tarball-node24' },
  ];
  it.each(cases)('runs on $name: serves the dashboard, keeps a data dir, takes a real agent', { timeout: 60_000 }, async ({ node, hostId }) => {
    const app = unpack('x64');
    const hub = await startReleasedHub([node(), join(app, 'hostpulse-hub.mjs')], ['--agent-token', TOKEN, '--data-dir', join(app, '../data')], {});
    try {
      await expectServesDashboard(hub.url);
      expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
      const agent = startAgentProcess(hub.url, ['--token', TOKEN, '--interval', '500', '--host-id', hostId]);
      try {
        await waitForSeq(hub.url, hostId, 3);
      } finally {
        await agent.stop('SIGTERM');
      }
    } finally {
      expect(await hub.stop('SIGTERM')).toBe(0);
    }
  });
});

describe('the linux-arm64 tarball', () => {
  it('holds the arm64 builds for Node 22 and 24 only: Node 20 needs better-sqlite3 12, which npm ci compiles for this machine alone', () => {
    const natives = runOk('tar', ['-tzf', artifact(`hostpulse-hub-${VERSION}-linux-arm64.tar.gz`)])
      .split('\n')
      .filter((path) => path.endsWith('.node'))
      .map((path) => path.replace('hostpulse-hub/node_modules/', ''))
      .sort();
    expect(natives).toEqual(['better-sqlite3/prebuilds/linux-arm64.node', 'uWebSockets.js/uws_linux_arm64_127.node', 'uWebSockets.js/uws_linux_arm64_137.node', 'uWebSockets.js/uws_linux_arm64_141.node']);
  });
});
