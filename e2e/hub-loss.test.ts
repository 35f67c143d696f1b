import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { startConnectedAgent } from '@hostpulse/testkit/agent-process';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { freePort } from '@hostpulse/testkit/ports';
import { ARTIFACTS, test } from './fixtures.js';

// The hub process is stopped under two open dashboards (one pushed to, one polling) and
// started again on the same port; the real agent reconnects to it by itself.
const TOKEN = 'e2e-hub-loss-token';
const HOST = 'hub-loss-1';

/** What a person reads on the page, the page's title aside. */
const visibleText = (page: Page): Promise<string> => page.locator('body').innerText();

describe('a dashboard that loses its hub', () => {
  test('says since when the hub is unreachable, greys the charts and claims nothing is online or live, until the hub is back', { timeout: 150_000 }, async ({ browser }) => {
    // An explicit port, which the hub can listen on again (see freePort).
    const port = await freePort();
    let hub = await startHubProcess(['--agent-token', TOKEN], { port });
    const agent = await startConnectedAgent(hub.url, TOKEN, ['--host-id', HOST]);
    const pushed = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const polling = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await pushed.goto(`${hub.url}/#/host/${HOST}`);
      await polling.goto(`${hub.url}/?mode=poll&interval=1000#/`);
      const charts = pushed.locator('.charts');
      await charts.waitFor({ timeout: 15_000 });
      await expect.poll(() => visibleText(pushed), { timeout: 15_000 }).toMatch(/\bonline\b/);
      await expect.poll(() => polling.locator(`[data-host-id="${HOST}"]`).textContent(), { timeout: 15_000 }).toContain('online');
      expect(await pushed.getByTestId('hub-lost').count()).toBe(0);
      expect(await charts.evaluate((el) => getComputedStyle(el).filter)).toBe('none');

      const stoppedAt = new Date();
      await hub.stop();
      for (const page of [pushed, polling]) {
        const banner = page.getByTestId('hub-lost');
        await banner.waitFor({ timeout: 15_000 });
        const since = /hub unreachable since (\d\d):(\d\d):(\d\d)/.exec((await banner.textContent()) ?? '');
        expect(since).not.toBeNull();
        // The time shown is the page's local time of the loss: within a minute of the stop.
        const shown = new Date(stoppedAt);
        shown.setHours(Number(since![1]), Number(since![2]), Number(since![3]));
        expect(Math.abs(shown.getTime() - stoppedAt.getTime())).toBeLessThan(60_000);
        expect(await visibleText(page)).not.toMatch(/\b(online|live)\b/i);
      }
      expect(await charts.evaluate((el) => getComputedStyle(el).filter)).toContain('grayscale');
      await pushed.screenshot({ path: `${ARTIFACTS}hub-lost-host.png`, fullPage: true });
      await polling.screenshot({ path: `${ARTIFACTS}hub-lost-overview.png`, fullPage: true });
      // The pushed page's overview says the same (the hub is gone: the page moves by its hash).
      await pushed.evaluate(() => (location.hash = '#/'));
      await pushed.locator(`[data-host-id="${HOST}"]`).waitFor();
      expect(await pushed.getByTestId('hub-lost').count()).toBe(1);
      expect(await visibleText(pushed)).not.toMatch(/\b(online|live)\b/i);
      await pushed.evaluate((host) => (location.hash = `#/host/${host}`), HOST);

      hub = await startHubProcess(['--agent-token', TOKEN], { port });
      for (const page of [pushed, polling]) {
        await expect.poll(() => page.getByTestId('hub-lost').count(), { timeout: 30_000 }).toBe(0);
      }
      await expect.poll(() => polling.locator(`[data-host-id="${HOST}"]`).textContent(), { timeout: 30_000 }).toContain('online');
      await expect.poll(() => visibleText(pushed), { timeout: 30_000 }).toMatch(/\bonline\b/);
      await expect.poll(() => charts.evaluate((el) => getComputedStyle(el).filter), { timeout: 15_000 }).toBe('none');
    } finally {
      await pushed.close();
      await polling.close();
      await agent.stop();
      await hub.stop();
    }
  });
});
