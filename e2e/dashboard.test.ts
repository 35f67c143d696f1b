import type { Browser, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { startBusyProcess } from '@hostpulse/testkit/busy-process';
import { ARTIFACTS, testWithAgent } from './fixtures.js';
import { StatsReader } from './hub-stats.js';

/** The fixtures with the real agent, and `stats`, a reader of the hub's /api/stats. */
const agentTest = testWithAgent.extend('stats', async ({ hub }) => new StatsReader(hub.url));

/** Another page on a 1280x900 screen; every test closes its own so push-client counts stay exact. */
async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  return page;
}

async function pointsOf(page: Page, chartTitle: string): Promise<number> {
  const value = await page.locator(`canvas[data-chart="${chartTitle}"]`).getAttribute('data-points');
  return Number(value ?? 0);
}

// What the dashboard shows and asks of the hub over a few seconds at a time, so this file
// runs in the e2e-serial project; the overview's other behaviour is in overview.test.ts.
describe('dashboard against a real hub and agent', () => {
  agentTest('opens the host detail by its link, and its charts gain points over 3 s', async ({ browser, hub, page }) => {
    await page.goto(`${hub.url}/`);
    await page.locator('[data-host-id]').first().click();
    expect(page.url()).toMatch(/#\/host\/[A-Za-z0-9._-]+$/);
    const cpu = 'CPU busy, all cores and per core';
    await expect.poll(() => pointsOf(page, cpu), { timeout: 10_000 }).toBeGreaterThan(0);
    const before = await pointsOf(page, cpu);
    await page.waitForTimeout(3500);
    expect(await pointsOf(page, cpu)).toBeGreaterThan(before);
    expect(await pointsOf(page, 'Load average 1 / 5 / 15 min')).toBeGreaterThan(before);
    await page.screenshot({ path: `${ARTIFACTS}detail.png`, fullPage: true });
    // The same URL opened fresh shows the same host: the view is linkable.
    const linked = await openPage(browser, `${hub.url}${new URL(page.url()).hash ? `/${new URL(page.url()).hash}` : '/'}`);
    await expect.poll(() => pointsOf(linked, cpu), { timeout: 10_000 }).toBeGreaterThan(0);
    await linked.close();
    await page.close();
  });

  agentTest('lists a busy process on the host page’s processes table, by push and by poll', async ({ browser, hub }) => {
    // Two busy threads keep it among the 15 busiest even on a machine crowded with other work.
    const busy = startBusyProcess(`hostpulse-e2e-busy-${process.pid}`, 2);
    try {
      for (const path of ['/?mode=push#/', '/?mode=poll&interval=1000#/']) {
        const page = await openPage(browser, `${hub.url}${path}`);
        await page.locator('[data-host-id]').first().click();
        const row = page.locator(`section.processes tr[data-pid="${busy.proc.pid}"]`);
        // The agent sends a table every 5 s: the process shows within two or three.
        await row.waitFor({ timeout: 20_000 });
        expect(await row.locator('.cmd').textContent()).toContain(busy.marker);
        await page.getByRole('tab', { name: 'Groups (cgroups)' }).click();
        await expect.poll(() => page.locator('section.processes tr[data-group-id]').count()).toBeGreaterThan(0);
        if (path.includes('push')) await page.locator('section.processes').screenshot({ path: `${ARTIFACTS}processes-groups.png` });
        await page.getByRole('tab', { name: 'Processes' }).click();
        await page.getByLabel('Filter processes').fill(busy.marker);
        await expect.poll(() => page.locator('section.processes tr[data-pid]').count()).toBe(1);
        await page.getByLabel('Filter processes').fill('');
        if (path.includes('push')) await page.screenshot({ path: `${ARTIFACTS}host-processes.png`, fullPage: true });
        await page.close();
      }
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await phone.goto(`${hub.url}/#/`);
      await phone.locator('[data-host-id]').first().click();
      await phone.locator('section.processes tr[data-pid]').first().waitFor({ timeout: 20_000 });
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: `${ARTIFACTS}phone-390-host.png`, fullPage: true });
      await phone.close();
    } finally {
      busy.stop();
    }
  });

  agentTest('swaps push and poll on the detail page with no gap and no duplicate sample', async ({ hub, page }) => {
    await page.goto(`${hub.url}/`);
    await page.locator('[data-host-id]').first().click();
    const section = page.locator('section[data-sample-count]');
    await expect.poll(async () => Number(await section.getAttribute('data-sample-count')), { timeout: 10_000 }).toBeGreaterThan(2);
    const read = async (): Promise<{ count: number; first: number; last: number; runs: number }> => ({
      count: Number(await section.getAttribute('data-sample-count')),
      first: Number(await section.getAttribute('data-seq-first')),
      last: Number(await section.getAttribute('data-seq-last')),
      runs: Number(await section.getAttribute('data-runs')),
    });
    const start = await read();
    const interval = page.getByRole('combobox', { name: 'Poll interval' });
    await page.getByRole('button', { name: 'Poll' }).click();
    await interval.selectOption('250');
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Push' }).click();
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Poll' }).click();
    await interval.selectOption('2000');
    await page.waitForTimeout(2500);
    await page.getByRole('button', { name: 'Push' }).click();
    await page.waitForTimeout(1500);
    const end = await read();
    expect(end.runs).toBe(1);
    expect(end.last).toBeGreaterThan(start.last + 5);
    // One agent run, consecutive seqs: exactly last - first + 1 samples means none missing and none twice.
    expect(end.count).toBe(end.last - end.first + 1);
    await page.close();
  });

  agentTest('moves its load from push to poll on the hub when toggled, and back', async ({ hub, page, stats }) => {
    await page.goto(`${hub.url}/#/compare`);
    await expect.poll(async () => (await stats.read()).transports.push.clients, { timeout: 10_000 }).toBe(1);

    await page.getByRole('button', { name: 'Poll' }).click();
    await page.getByRole('combobox', { name: 'Poll interval' }).selectOption('250');
    expect(page.url()).toContain('mode=poll');
    await expect.poll(async () => (await stats.read()).transports.push.clients, { timeout: 10_000 }).toBe(0);
    const pollStart = await stats.othersPollRequests();
    await page.waitForTimeout(3000);
    // At 250 ms the tab asks for the overview four times a second (and the stats once):
    // about 15 requests in 3 s, of which a loaded machine still makes well over 6.
    expect((await stats.othersPollRequests()) - pollStart).toBeGreaterThanOrEqual(6);
    expect((await stats.read()).transports.poll.clients).toBeGreaterThanOrEqual(1);

    await page.getByRole('button', { name: 'Push' }).click();
    await expect.poll(async () => (await stats.read()).transports.push.clients, { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(500);
    const pushStart = await stats.othersPollRequests();
    await page.waitForTimeout(3000);
    // Back on push the tab stops polling (its clock readings at /api/time are not counted as polling).
    expect((await stats.othersPollRequests()) - pushStart).toBe(0);
    await expect.poll(() => page.locator('tr[data-transport="push"] [data-field="clients"]').textContent(), { timeout: 5000 }).toBe('1');
    expect(await page.locator('tr[data-transport="push"] [data-field="dropped"]').textContent()).toMatch(/^\S+ \(\d+\)$/);
    await page.screenshot({ path: `${ARTIFACTS}compare.png`, fullPage: true });
    await page.close();
  });

  agentTest('starts in poll mode from ?mode=poll', async ({ hub, page, stats }) => {
    await page.goto(`${hub.url}/?mode=poll&interval=1000#/`);
    await page.locator('[data-host-id]').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByRole('button', { name: 'Poll' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('[data-connection]').textContent()).toContain('live · poll');
    // The previous test's page closed its socket moments ago; the hub may still be counting it.
    await expect.poll(async () => (await stats.read()).transports.push.clients, { timeout: 10_000 }).toBe(0);
    const start = await stats.othersPollRequests();
    await page.waitForTimeout(2500);
    expect((await stats.othersPollRequests()) - start).toBeGreaterThanOrEqual(2);
    await page.close();
  });
});
