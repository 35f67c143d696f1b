import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamplesResponse } from '@hostpulse/protocol';
import { launchChromium } from './chromium.js';
import { spawnNode, startHub, type Child } from './processes.js';
import { findFreePort, httpsGet, startNginx } from './tls-nginx.js';
import { createTestPki, type TestPki } from './tls-pki.js';

// TLS terminates at Debian's nginx in front of a real hub: a real agent over wss://
// with --ca, one without it, and Chromium over https checking the certificate.
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const TOKEN = 'tls-e2e-token';
const TRUSTING = 'tls-with-ca';
const UNTRUSTING = 'tls-without-ca';

let dir: string;
let pki: TestPki;
let hub: Child & { url: string };
let nginx: Child & { url: string };
const agents: Child[] = [];
const browsers: Browser[] = [];

/** The real agent CLI against the proxy; its output is kept for assertions. */
function spawnAgent(hostId: string, extraArgs: string[]): Child {
  const wssUrl = nginx.url.replace(/^https/, 'wss');
  // debug: every reconnect attempt is logged, so the test can count them.
  const child = spawnNode('agent/dist/main.js', ['--hub', wssUrl, '--token', TOKEN, '--host-id', hostId, '--interval', '500', ...extraArgs], 'debug');
  agents.push(child);
  return child;
}

async function samplesOf(hostId: string): Promise<SamplesResponse | undefined> {
  const { status, body } = await httpsGet(`${nginx.url}/api/hosts/${hostId}/samples`, pki.caPem);
  return status === 200 ? (JSON.parse(body) as SamplesResponse) : undefined;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'hostpulse-tls-'));
  // Run as root, nginx's workers are `nobody` and write proxy temp files under this directory.
  chmodSync(dir, 0o755);
  pki = createTestPki(dir);
  hub = await startHub(TOKEN);
  const port = await findFreePort(18500, 18599);
  nginx = await startNginx({ dir, port, hubUrl: hub.url, certPath: pki.certPath, keyPath: pki.keyPath }, pki.caPem);
});

afterAll(async () => {
  await Promise.all(browsers.map((b) => b.close()));
  await Promise.all(agents.map((a) => a.stop()));
  await nginx?.stop();
  await hub?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hub behind an nginx TLS proxy', () => {
  it('takes samples from an agent on wss:// that trusts the proxy CA with --ca', async () => {
    const agent = spawnAgent(TRUSTING, ['--ca', pki.caPath]);
    await expect.poll(() => agent.output(), { timeout: 15_000 }).toMatch(/info agent: connected hub=wss:\/\/127\.0\.0\.1:\d+\/agent hostId=tls-with-ca/);
    // Read back through the proxy over https, with the same CA.
    await expect.poll(async () => (await samplesOf(TRUSTING))?.samples.length ?? 0, { timeout: 15_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    const held = (await samplesOf(TRUSTING))!;
    expect(held.online).toBe(true);
    expect(held.samples.map((s) => s.seq)).toEqual(held.samples.map((_, i) => held.samples[0]!.seq + i));
  });

  it('refuses the proxy certificate without --ca, and the agent keeps retrying without ever reaching the hub', async () => {
    const agent = spawnAgent(UNTRUSTING, []);
    await expect.poll(() => agent.output(), { timeout: 15_000 }).toMatch(/warn agent: hub unreachable hub=wss:\/\/\S+ error="[^"]*certificate[^"]*"/);
    // The backoff starts at 0.5 s; three attempts come within a few seconds.
    await expect.poll(() => agent.output().match(/debug agent: reconnecting/g)?.length ?? 0, { timeout: 15_000, interval: 250 }).toBeGreaterThanOrEqual(3);
    expect(agent.proc.exitCode).toBeNull();
    expect(agent.output()).not.toMatch(/agent: connected/);
    const hosts = JSON.parse((await httpsGet(`${nginx.url}/api/hosts`, pki.caPem)).body) as { hosts: { hostId: string }[] };
    expect(hosts.hosts.map((h) => h.hostId)).toContain(TRUSTING);
    expect(hosts.hosts.map((h) => h.hostId)).not.toContain(UNTRUSTING);
  });

  it('serves the dashboard over https to a browser that checks the certificate, with live numbers over wss://', async () => {
    // Chromium trusts the proxy only through the pinned key of its certificate; every other check stays on.
    const browser = await launchChromium([`--ignore-certificate-errors-spki-list=${pki.serverSpkiSha256}`]);
    browsers.push(browser);
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

  it('is refused by a browser that does not trust the certificate', async () => {
    const browser = await launchChromium();
    browsers.push(browser);
    const page = await browser.newPage();
    await expect(page.goto(`${nginx.url}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
  });
});
