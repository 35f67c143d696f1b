import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_DIST, startAgentProcess, type AgentLaunch } from '@hostpulse/testkit/agent-process';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';

// The forms the agent ships in, each against a real hub: the single-file bundle alone in
// a directory (no node_modules anywhere above it), on Node 20 and on npm's Node 22 and 24,
// and the single executables, which embed Node 24 (npm test runs `npm run build:sea` first).
const TOKEN = 'artefact-token';
const BUNDLE = join(AGENT_DIST, 'hostpulse-agent.mjs');
const X64 = join(AGENT_DIST, 'hostpulse-agent-linux-x64');
const ARM64 = join(AGENT_DIST, 'hostpulse-agent-linux-arm64');
// Debian's cross packages put an aarch64 glibc and libstdc++ here for qemu-user.
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';

let hub: HubProcess;
let alone: string;
beforeAll(async () => {
  for (const file of [BUNDLE, X64, ARM64]) if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build && npm run build:sea (npm test does both)`);
  hub = await startHubProcess(['--agent-token', TOKEN]);
  alone = mkdtempSync(join(tmpdir(), 'hostpulse-alone-'));
  copyFileSync(BUNDLE, join(alone, 'hostpulse-agent.mjs'));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(alone, { recursive: true, force: true });
});

/**
 * Runs one form of the agent until the hub holds its samples, and checks what its hello
 * said; resolves with the name of its main thread (/proc/PID/comm) while it ran.
 */
async function streams(hostId: string, launch: AgentLaunch, timeoutMs = 15_000): Promise<string> {
  const agent = startAgentProcess(hub.url, ['--token', TOKEN, '--interval', '500', '--host-id', hostId], launch);
  try {
    const host = await waitForHost(hub.url, hostId, { timeout: timeoutMs, explain: agent.output });
    expect(host.online).toBe(true);
    expect(host.inventory).toMatchObject({ platform: 'linux', agentVersion: '0.1.0' });
    expect(host.inventory.distro).not.toBe('');
    return readFileSync(`/proc/${agent.proc.pid}/comm`, 'utf8').trim();
  } finally {
    await agent.stop('SIGTERM');
  }
}

describe('agent forms against a real hub', () => {
  it('the bundled hostpulse-agent.mjs, copied alone into a temporary directory, streams', async () => {
    await streams('bundle-node20', { command: [process.execPath, join(alone, 'hostpulse-agent.mjs')], env: { LOG_LEVEL: 'info' } });
  });

  // npx fetches npm's node@22 and node@24 packages (real Node binaries) once per machine.
  it.each(['22', '24'])('the bundle streams on Node %s', { timeout: 180_000 }, async (major) => {
    const which = spawnSync('npx', ['--yes', '-p', `node@${major}`, 'node', '-p', 'process.execPath + " " + process.version'], { encoding: 'utf8', cwd: alone });
    expect(which.status, which.stderr).toBe(0);
    const [nodePath, version] = which.stdout.trim().split(' ');
    expect(version).toMatch(new RegExp(`^v${major}\\.`));
    await streams(`bundle-node${major}`, { command: [nodePath!, join(alone, 'hostpulse-agent.mjs')], env: { LOG_LEVEL: 'info' } });
  });

  it('the linux-x64 executable streams with an empty environment (no Node on PATH), on Node 24', async () => {
    // Node 24 names its main thread MainThread; Node 20 left the executable's own name.
    expect(await streams('executable-x64', { command: [X64], env: {} })).toBe('MainThread');
  });

  it('the linux-arm64 executable answers --version under qemu-aarch64-static', { timeout: 60_000 }, () => {
    for (const need of ['/usr/bin/qemu-aarch64-static', `${ARM64_SYSROOT}/lib/ld-linux-aarch64.so.1`]) {
      if (!existsSync(need)) throw new Error(`${need} is missing: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross (.ci/run does)`);
    }
    const file = spawnSync('qemu-aarch64-static', ['-L', ARM64_SYSROOT, ARM64, '--version'], { encoding: 'utf8', env: {} });
    expect(file.stderr).toBe('');
    expect(file.stdout).toBe('0.1.0\n');
    expect(file.status).toBe(0);
  });
});
