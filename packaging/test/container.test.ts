import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAMPLES_LIMIT, type SamplesResponse } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { waitForHost, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { freePort } from '@hostpulse/testkit/ports';
import { waitFor } from '@hostpulse/testkit/waits';
import { agentTokenIn, artifact, RELEASE } from './release-kit.js';
import { ensureBaseImage, podman, runAsync } from './podman.js';

// release/Containerfile built with podman from a Debian 13 base made on this machine (no
// pull), run as a server would run it: a published port, its data and the tokens it makes
// in a named volume. podman's OCI builds drop HEALTHCHECK, so the image is built in docker format
// to keep it, and the check is run by `podman healthcheck run` (podman's own timers need
// systemd, which does not run here); /healthz is also asked from outside with curl.
// Per process: other checkouts' tests may build beside this one on the same storage.
const IMAGE = `localhost/hostpulse-hub-test:${process.pid}`;
const name = (what: string) => `hostpulse-test-${what}-${process.pid}`;
const VOLUME = name('data');

/** Runs the image detached with the volume and a published port; the hub's URL from outside. */
async function runHub(container: string): Promise<string> {
  const port = await freePort();
  await podman(['run', '-d', '--name', container, '-p', `127.0.0.1:${port}:8080`, '-v', `${VOLUME}:/var/lib/hostpulse-hub`, IMAGE]);
  const url = `http://127.0.0.1:${port}`;
  // curl from outside the container, as a load balancer or an operator would ask.
  try {
    await waitFor(() => runAsync('curl', ['-fsS', '--max-time', '2', `${url}/healthz`]), (ran) => ran.stdout === '{"status":"ok"}', { timeout: 30_000, message: `${url}/healthz` });
  } catch (error) {
    const logs = await podman(['logs', container], { check: false });
    throw new Error(`${(error as Error).message}\ncontainer output:\n${logs.stdout}${logs.stderr}`);
  }
  return url;
}

beforeAll(async () => {
  artifact('hostpulse-hub-linux-x64');
  await ensureBaseImage();
  await podman(['build', '--format', 'docker', '--pull=never', '-t', IMAGE, '-f', join(RELEASE, 'Containerfile'), RELEASE]);
});
afterAll(async () => {
  for (const what of ['first', 'second']) await podman(['rm', '-f', '-t', '0', name(what)], { check: false });
  await podman(['volume', 'rm', '-f', VOLUME], { check: false });
  // The base stays for the next run; the image built from this release goes.
  await podman(['rmi', '-f', IMAGE], { check: false });
});

describe('the hub container', () => {
  it('runs as a non-root user with its data in a volume and a health check on /healthz', async () => {
    const [image] = JSON.parse((await podman(['image', 'inspect', IMAGE])).stdout) as {
      Config: { User: string; Volumes: Record<string, object> };
      Healthcheck: { Test: string[] };
    }[];
    expect(image!.Config.User).toBe('hostpulse-hub');
    expect(Object.keys(image!.Config.Volumes)).toEqual(['/var/lib/hostpulse-hub']);
    expect(image!.Healthcheck.Test.join(' ')).toContain('GET /healthz');
  });

  it('answers /healthz outside and its health check inside, takes a real agent with the token it made, and keeps data and tokens in its volume for the next container', { timeout: 120_000 }, async () => {
    const first = name('first');
    const url = await runHub(first);
    expect((await podman(['exec', first, 'id', '-u'])).stdout.trim()).not.toBe('0');
    expect((await podman(['exec', first, 'ls', '/var/cache/hostpulse-hub'])).stdout).toMatch(/^hostpulse-hub-/);
    // podman prints errors about systemd timers it cannot add; the check itself runs and passes.
    expect((await podman(['healthcheck', 'run', first], { check: false })).code).toBe(0);
    // The tokens it made at its first start, kept in the volume; exec runs as the image's user.
    const token = agentTokenIn((await podman(['exec', first, 'hostpulse-hub', '--print-tokens'])).stdout);
    let before: SamplesResponse;
    const agent = startAgentProcess(url, ['--token', token, '--interval', '500', '--host-id', 'container-host']);
    try {
      const host = await waitForHost(url, 'container-host', { explain: agent.output });
      await waitForSeq(url, 'container-host', 3);
      before = (await (await fetch(`${url}/api/hosts/container-host/samples?run=${host.runId}&after=0&limit=${MAX_SAMPLES_LIMIT}`)).json()) as SamplesResponse;
    } finally {
      await agent.stop('SIGTERM');
    }
    await podman(['stop', '-t', '20', first]);
    // SIGTERM reaches the hub as PID 1 of the container; it flushes and exits 0.
    expect((await podman(['inspect', '--format', '{{.State.ExitCode}}', first])).stdout.trim()).toBe('0');
    const logs = await podman(['logs', first]);
    expect(logs.stdout + logs.stderr).toMatch(/stopped reason=SIGTERM/);

    const second = name('second');
    const again = await runHub(second);
    const after = (await (await fetch(`${again}/api/hosts/container-host/samples?run=${before.runId}&after=0&limit=${MAX_SAMPLES_LIMIT}`)).json()) as SamplesResponse;
    expect(after.samples.slice(0, before.samples.length)).toEqual(before.samples);
    expect(agentTokenIn((await podman(['exec', second, 'hostpulse-hub', '--print-tokens'])).stdout)).toBe(token);
  });
});
