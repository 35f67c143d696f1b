import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PATH, MAX_SAMPLES_LIMIT, type LabState, type SamplesResponse } from '@hostpulse/protocol';
import { AGENT_DIST, startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { HubProcess } from '@hostpulse/testkit/hub-process';
import { waitForHost, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { trixieArm64Root } from '@hostpulse/testkit/trixie-node';
import { waitFor } from '@hostpulse/testkit/waits';
import { artifact, expectServesDashboard, onDebian13Glibc, removeTempDirs, startReleasedHub, tempDir, VERSION } from './release-kit.js';

// The hub executables of `npm run release`, each copied alone into a temporary directory
// outside the repository and started with nothing in its environment but where to unpack
// (no Node on PATH, no checkout): linux-x64 on Debian 13's glibc (the uWebSockets.js build
// it carries needs 2.38; this machine has 2.36), linux-arm64 under qemu-aarch64-static
// with Debian 13's arm64 libraries, both from scripts/ci/trixie-node.sh's kit.
const TOKEN = 'release-token';
const BUILD_DIR = new RegExp(`^hostpulse-hub-${VERSION.replaceAll('.', '\\.')}-[0-9a-f]{16}$`);

afterAll(removeTempDirs);

/** Everything the hub stored of one run of a host. */
async function runSamples(hub: HubProcess, hostId: string, runId: string): Promise<SamplesResponse> {
  return (await (await fetch(`${hub.url}/api/hosts/${hostId}/samples?run=${runId}&after=0&limit=${MAX_SAMPLES_LIMIT}`)).json()) as SamplesResponse;
}

describe("the linux-x64 hub executable on Debian 13's glibc", () => {
  let dir: string;
  let executable: string;
  beforeAll(() => {
    dir = tempDir('hub-x64');
    executable = join(dir, 'hostpulse-hub');
    copyFileSync(artifact('hostpulse-hub-linux-x64'), executable);
    onDebian13Glibc(executable);
  });

  it('unpacks its files once, serves the dashboard and the agent executables, takes a real agent and keeps its history across a restart', { timeout: 120_000 }, async () => {
    const env = { HOSTPULSE_CACHE_DIR: join(dir, 'cache') };
    const args = ['--agent-token', TOKEN, '--data-dir', join(dir, 'data')];
    const first = await startReleasedHub([executable], args, env);
    let before: SamplesResponse;
    try {
      expect(first.output()).toMatch(/first start of this build: unpacking \d+ MB into /);
      await expectServesDashboard(first.url);
      // What Add host and /install.sh hand out: this checkout's agent executables, as built.
      expect(await (await fetch(`${first.url}/download/agent/SHA256SUMS`)).text()).toBe(readFileSync(join(AGENT_DIST, 'SHA256SUMS'), 'utf8'));
      expect(await (await fetch(`${first.url}/install.sh`)).text()).toContain(`HUB='${first.url}'`);
      const agent = startAgentProcess(first.url, ['--token', TOKEN, '--interval', '500', '--host-id', 'release-x64']);
      try {
        const host = await waitForHost(first.url, 'release-x64', { explain: agent.output });
        await waitForSeq(first.url, 'release-x64', 4);
        before = await runSamples(first, 'release-x64', host.runId);
      } finally {
        await agent.stop('SIGTERM');
      }
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }

    const second = await startReleasedHub([executable], args, env);
    try {
      expect(second.output()).not.toContain('unpacking');
      expect(second.output()).toMatch(/listening .*hostsRestored=1/);
      const after = await runSamples(second, 'release-x64', before.runId);
      expect(after.samples.slice(0, before.samples.length)).toEqual(before.samples);
    } finally {
      await second.stop('SIGTERM');
    }
    expect(readdirSync(join(dir, 'cache'))).toEqual([expect.stringMatching(BUILD_DIR)]);
  });

  it('runs the load lab in a process of its own, started from the executable itself', { timeout: 60_000 }, async () => {
    const hub = await startReleasedHub([executable], ['--lab'], { HOSTPULSE_CACHE_DIR: join(dir, 'cache') });
    try {
      const call = async (method: string, body?: object): Promise<LabState> =>
        (await (await fetch(`${hub.url}${LAB_PATH}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) })).json()) as LabState;
      const started = await call('POST', { viewers: 5, mode: 'poll', intervalMs: 500, topic: 'overview' });
      expect(started.lab?.pid).not.toBe(hub.proc.pid);
      const running = await waitFor(() => call('GET'), (state) => (state.lab?.figures?.requestsPerSec ?? 0) > 0, { timeout: 20_000, explain: hub.output });
      expect(running.lab!.figures!.connected).toBe(5);
      expect(readFileSync(`/proc/${started.lab!.pid}/cmdline`, 'utf8').split('\0')[0]).toBe(executable);
    } finally {
      await hub.stop('SIGTERM');
    }
  });
});

describe('the linux-arm64 hub executable under qemu-aarch64-static', () => {
  it("serves the dashboard and takes a real agent on Debian 13's arm64 glibc", { timeout: 180_000 }, async () => {
    const dir = tempDir('hub-arm64');
    const executable = join(dir, 'hostpulse-hub');
    copyFileSync(artifact('hostpulse-hub-linux-arm64'), executable);
    // Emulated, the first start's unpacking and Node's start take a while: a minute is allowed.
    const hub = await startReleasedHub(['/usr/bin/qemu-aarch64-static', '-L', trixieArm64Root(), executable], ['--agent-token', TOKEN, '--data-dir', join(dir, 'data')], { HOSTPULSE_CACHE_DIR: join(dir, 'cache') }, 120_000);
    try {
      await expectServesDashboard(hub.url);
      const agent = startAgentProcess(hub.url, ['--token', TOKEN, '--interval', '500', '--host-id', 'release-arm64']);
      try {
        await waitForSeq(hub.url, 'release-arm64', 3);
      } finally {
        await agent.stop('SIGTERM');
      }
    } finally {
      await hub.stop('SIGTERM');
    }
    expect(readdirSync(join(dir, 'cache'))).toEqual([expect.stringMatching(BUILD_DIR)]);
  });
});
