import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { startHub, type Child } from './processes.js';

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const TOKEN = 'e2e-add-host-token';

let hub: Child & { url: string };
let browser: Browser;
let prefix: string;
let agent: ChildProcess | undefined;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  prefix = mkdtempSync(join(tmpdir(), 'hostpulse-e2e-install-'));
  hub = await startHub(TOKEN);
  browser = await launchChromium();
});

afterAll(async () => {
  agent?.kill('SIGTERM');
  await browser?.close();
  await hub?.stop();
  rmSync(prefix, { recursive: true, force: true });
});

// A new user's path: open the dashboard, take the command from Add host, run it on this
// machine with --prefix and --no-systemd (and without sudo), start the agent as the
// script says, and watch the host appear on the overview.
describe('Add host', () => {
  it('shows the one-liner for this hub, which installs an agent that appears on the overview', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${hub.url}/`);
    await page.getByText('No host has reported yet').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a host' });
    await dialog.waitFor();
    const command = dialog.getByTestId('install-command');
    expect(await command.textContent()).toBe(`curl -fsSL ${hub.url}/install.sh | sudo sh -s -- --token AGENT_TOKEN`);
    await dialog.getByLabel('Agent token').fill(TOKEN);
    const withToken = (await command.textContent()) ?? '';
    expect(withToken).toBe(`curl -fsSL ${hub.url}/install.sh | sudo sh -s -- --token ${TOKEN}`);
    expect(await dialog.textContent()).toContain('shared agent token');
    await page.screenshot({ path: `${ARTIFACTS}add-host.png` });

    const install = spawnSync('sh', ['-c', `${withToken.replace('sudo ', '')} --prefix ${prefix} --no-systemd --host-id added-by-e2e`], { encoding: 'utf8' });
    expect(install.stderr).toContain('installed hostpulse-agent');
    expect(install.status).toBe(0);
    // exec: the agent takes the shell's pid, so the kill in afterAll reaches it.
    agent = spawn('/bin/sh', ['-c', `exec ${install.stdout.trim()}`], { stdio: 'ignore', env: {} });

    await page.getByRole('button', { name: 'Close' }).click();
    const card = page.locator('[data-host-id="added-by-e2e"]');
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('online');
    await page.screenshot({ path: `${ARTIFACTS}add-host-overview.png` });
    await page.close();
  });
});
