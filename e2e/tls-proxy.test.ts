import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, onTestFinished } from 'vitest';
import type { SamplesResponse } from '@hostpulse/protocol';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { freePort } from '@hostpulse/testkit/ports';
import { launchChromium } from './chromium.js';
import { ARTIFACTS, test as base } from './fixtures.js';
import { httpsGet, startNginx } from './tls-nginx.js';
import { createTestPki, type TestPki } from '@hostpulse/testkit/tls-pki';

// TLS terminates at Debian's nginx in front of a real hub: a real agent over wss://
// with --ca, one without it, and Chromium over https checking the certificate.
const TRUSTING = 'tls-with-ca';
const UNTRUSTING = 'tls-without-ca';

/** The fixtures with `pki`, a CA and a server certificate in a directory of their own, and `nginx` in front of the hub. */
const test = base
  .extend('token', { scope: 'file' }, 'tls-e2e-token')
  .extend('pki', { scope: 'file' }, async ({}, { onCleanup }) => {
    const dir = mkdtempSync(join(tmpdir(), 'hostpulse-tls-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    // Run as root, nginx's workers are `nobody` and write proxy temp files under this directory.
    chmodSync(dir, 0o755);
    return { dir, ...createTestPki(dir) };
  })
  .extend('nginx', { scope: 'file' }, async ({ hub, pki }, { onCleanup }) => {
    const nginx = await startNginx({ dir: pki.dir, port: await freePort(), hubUrl: hub.url, certPath: pki.certPath, keyPath: pki.keyPath }, pki.caPem);
    onCleanup(async () => void (await nginx.stop()));
    return nginx;
  });

// The agents run until the file ends: the browser tests watch the trusting one's host.
const agents: Child[] = [];
test.afterAll(async () => {
  for (const agent of agents) await agent.stop('SIGTERM');
});

/** The real agent CLI against the proxy; its output is kept for assertions. */
function spawnAgent(nginxUrl: string, token: string, hostId: string, extraArgs: string[]): Child {
  // debug: every reconnect attempt is logged, so the test can count them.
  const agent = startAgentProcess(nginxUrl, ['--token', token, '--host-id', hostId, '--interval', '500', ...extraArgs], { env: { ...process.env, LOG_LEVEL: 'debug' } });
  agents.push(agent);
  return agent;
}

async function samplesOf(nginxUrl: string, pki: TestPki, hostId: string): Promise<SamplesResponse | undefined> {
  const { status, body } = await httpsGet(`${nginxUrl}/api/hosts/${hostId}/samples`, pki.caPem);
  return status === 200 ? (JSON.parse(body) as SamplesResponse) : undefined;
}

/** Launches Chromium with `extraArgs`, closed after the test. */
async function launchForTest(extraArgs: readonly string[] = []): Promise<Browser> {
  const browser = await launchChromium(extraArgs);
  onTestFinished(() => browser.close());
  return browser;
}

describe('hub behind an nginx TLS proxy', () => {
  test('takes samples from an agent on wss:// that trusts the proxy CA with --ca', async ({ nginx, pki, token }) => {
    const agent = spawnAgent(nginx.url, token, TRUSTING, ['--ca', pki.caPath]);
    await expect.poll(() => agent.output(), { timeout: 15_000 }).toMatch(/info agent: connected hub=wss:\/\/127\.0\.0\.1:\d+\/agent hostId=tls-with-ca/);
    // Read back through the proxy over https, with the same CA.
    await expect.poll(async () => (await samplesOf(nginx.url, pki, TRUSTING))?.samples.length ?? 0, { timeout: 15_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    const held = (await samplesOf(nginx.url, pki, TRUSTING))!;
    expect(held.online).toBe(true);
    expect(held.samples.map((s) => s.seq)).toEqual(held.samples.map((_, i) => held.samples[0]!.seq + i));
  });

  test('refuses the proxy certificate without --ca, and the agent keeps retrying without ever reaching the hub', async ({ nginx, pki, token }) => {
    const agent = spawnAgent(nginx.url, token, UNTRUSTING, []);
    await expect.poll(() => agent.output(), { timeout: 15_000 }).toMatch(/warn agent: hub unreachable hub=wss:\/\/\S+ error="[^"]*certificate[^"]*"/);
    // The backoff starts at 0.5 s; three attempts come within a few seconds.
    await expect.poll(() => agent.output().match(/debug agent: reconnecting/g)?.length ?? 0, { timeout: 15_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    expect(agent.proc.exitCode).toBeNull();
    expect(agent.output()).not.toMatch(/agent: connected/);
    const hosts = JSON.parse((await httpsGet(`${nginx.url}/api/hosts`, pki.caPem)).body) as { hosts: { hostId: string }[] };
    expect(hosts.hosts.map((h) => h.hostId)).toContain(TRUSTING);
    expect(hosts.hosts.map((h) => h.hostId)).not.toContain(UNTRUSTING);
  });

  test('serves the dashboard over https to a browser that checks the certificate, with live numbers over wss://', async ({ nginx, pki }) => {
    // Chromium trusts the proxy only through the pinned key of its certificate; every other check stays on.
    const browser = await launchForTest([`--ignore-certificate-errors-spki-list=${pki.serverSpkiSha256}`]);
    const context = await browser.newContext({ ignoreHTTPSErrors: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const socketUrls: string[] = [];
    page.on('websocket', (ws) => socketUrls.push(ws.url()));
    const response = await page.goto(`${nginx.url}/`);
    expect(response?.status()).toBe(200);

    const card = page.locator(`[data-host-id="${TRUSTING}"]`);
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('online');
    await expect.poll(() => card.locator('[data-metric="cpu"]').textContent(), { timeout: 10_000 }).toMatch(/CPU\s*\d+(\.\d+)?\s*%/);
    const before = await card.textContent();
    await expect.poll(() => card.textContent(), { timeout: 10_000, interval: 250 }).not.toBe(before);
    await expect.poll(() => page.locator('[data-connection]').textContent(), { timeout: 5000 }).toContain('live · push');
    expect(socketUrls).toContain(`${nginx.url.replace(/^https/, 'wss')}/live`);
    await page.screenshot({ path: `${ARTIFACTS}tls-overview.png`, fullPage: true });
    await context.close();
  });

  test('is refused by a browser that does not trust the certificate', async ({ nginx }) => {
    const browser = await launchForTest();
    const page = await browser.newPage();
    await expect(page.goto(`${nginx.url}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
  });
});
