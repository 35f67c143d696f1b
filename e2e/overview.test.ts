import { describe, expect } from 'vitest';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { launchChromium } from './chromium.js';
import { ARTIFACTS, test, testWithAgent } from './fixtures.js';

describe('dashboard against a real hub and agent', () => {
  testWithAgent('shows a card for the agent host whose numbers change', async ({ hub, page }) => {
    await page.goto(`${hub.url}/`);
    const card = page.locator('[data-host-id]').first();
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toContain('online');
    const before = await card.textContent();
    // Uptime alone moves every second; CPU and network figures usually do too.
    await expect.poll(() => card.textContent(), { timeout: 10_000, interval: 500 }).not.toBe(before);
    await page.screenshot({ path: `${ARTIFACTS}overview.png`, fullPage: true });
    await page.close();
  });

  testWithAgent('shows the overview with a notice for an address whose host id cannot be read', async ({ hub, page }) => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${hub.url}/#/host/%E0`);
    await page.locator('[data-host-id]').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('route-notice').textContent()).toContain('#/host/%E0');
    await page.screenshot({ path: `${ARTIFACTS}bad-hash.png` });
    expect(errors).toEqual([]);
    // Following a link from there works as anywhere else, and the notice goes.
    await page.locator('[data-host-id]').first().click();
    await expect.poll(() => page.getByTestId('route-notice').count()).toBe(0);
    expect(page.url()).toMatch(/#\/host\/[A-Za-z0-9._-]+$/);
    await page.close();
  });

  testWithAgent('shows no data to a page reached under a name the hub does not answer to (DNS rebinding), and says what to set', async ({ hub }) => {
    const rebinding = await launchChromium(['--host-resolver-rules=MAP rebind.test 127.0.0.1']);
    try {
      const page = await rebinding.newPage({ viewport: { width: 1280, height: 700 } });
      await page.goto(hub.url.replace('127.0.0.1', 'rebind.test') + '/');
      const banner = page.getByTestId('host-name-refused');
      await banner.waitFor({ timeout: 15_000 });
      expect(await banner.textContent()).toMatch(/rebind\.test:\d+.*--public-url http:\/\/rebind\.test:\d+/s);
      expect(await page.locator('[data-host-id]').count()).toBe(0);
      await page.screenshot({ path: `${ARTIFACTS}host-name-refused.png` });
    } finally {
      await rebinding.close();
    }
  });
});

describe('dashboard against a hub with no agent', () => {
  test('shows the commands that install or start an agent against this hub', async ({ browser, token }) => {
    const empty = await startHubProcess(['--agent-token', token]);
    try {
      const page = await browser.newPage();
      await page.goto(empty.url);
      const install = page.getByTestId('empty-install-command');
      await install.waitFor({ timeout: 10_000 });
      expect(await install.textContent()).toBe(`curl -fsSL ${empty.url}/install.sh | sh -s -- --token AGENT_TOKEN`);
      const command = page.getByTestId('agent-command');
      expect(await command.textContent()).toBe(`node agent/dist/main.js --hub ${empty.url.replace(/^http/, 'ws')} --token AGENT_TOKEN`);
      await page.close();
    } finally {
      await empty.stop();
    }
  });
});
