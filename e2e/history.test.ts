import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ErrorResponse } from '@hostpulse/protocol';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { ARTIFACTS, test as base } from './fixtures.js';
import { startHistoryAgent, type HistoryAgent } from './history-agent.js';

const ADMIN_TOKEN = 'e2e-admin-token';
const HOST_ID = 'history-1';
const DAY_MS = 86_400_000;
const CPU = 'CPU busy, all cores and per core';

const test = base.extend('hubArgs', { scope: 'file' }, async ({}, { onCleanup }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hostpulse-e2e-history-'));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  return ['--data-dir', dataDir, '--admin-token', ADMIN_TOKEN];
});

let agent: HistoryAgent;

test.beforeAll(async ({ hub, token }) => {
  // A day of samples at 1 s through the agent protocol, at most about 55% busy but for one fully busy second 9 hours ago.
  const spikeAtMs = Date.now() - 9 * 3_600_000;
  agent = await startHistoryAgent(hub.url, token, { hostId: HOST_ID, spanMs: DAY_MS, spikeAtMs });
}, 180_000);

test.afterAll(() => agent?.stop());

/** The host page's figures, read from its data attributes. */
async function view(section: Locator): Promise<Record<'from' | 'to' | 'bucketMs' | 'buckets' | 'firstBucket' | 'lastBucket' | 'seqLast', number> & { view: string; loading: string }> {
  const num = async (name: string): Promise<number> => Number(await section.getAttribute(name));
  return {
    view: (await section.getAttribute('data-view')) ?? '',
    loading: (await section.getAttribute('data-loading')) ?? '',
    from: await num('data-from-ms'),
    to: await num('data-to-ms'),
    bucketMs: await num('data-bucket-ms'),
    buckets: await num('data-buckets'),
    firstBucket: await num('data-first-bucket-ms'),
    lastBucket: await num('data-last-bucket-ms'),
    seqLast: await num('data-seq-last'),
  };
}

async function openHost(browser: Browser, hubUrl: string, path: string): Promise<{ page: Page; section: Locator }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${hubUrl}${path}`);
  const section = page.locator('section[data-view]');
  await expect.poll(async () => (await view(section)).buckets, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await view(section)).loading, { timeout: 20_000 }).toBe('false');
  return { page, section };
}

describe('history in the dashboard, against a hub filled with 24 h through the agent protocol', () => {
  test('draws the 24 h window across the whole day, with the spike in the min-max band; a zoom fetches finer buckets; back to live streams again', async ({ browser, hub }) => {
    const { page, section } = await openHost(browser, hub.url, `/#/host/${HOST_ID}?window=24h`);
    const day = await view(section);
    expect(day.view).toBe('live');
    expect(day.to - day.from).toBeGreaterThanOrEqual(DAY_MS);
    // Buckets from the first hour of the day to the last minutes, far fewer than 86,400 samples.
    expect(day.firstBucket - day.from).toBeLessThan(3_600_000);
    expect(day.to - day.lastBucket).toBeLessThan(5 * 60_000);
    expect(day.buckets).toBeGreaterThan(100);
    expect(day.buckets).toBeLessThanOrEqual(2000);
    const cpu = page.locator(`canvas[data-chart="${CPU}"]`);
    expect(Number(await cpu.getAttribute('data-points'))).toBeGreaterThan(100);
    // The one fully busy second is averaged away in its bucket's mean, but the band still reaches it.
    expect(Number(await cpu.getAttribute('data-mean-peak'))).toBeLessThan(70);
    expect(Number(await cpu.getAttribute('data-peak'))).toBeGreaterThanOrEqual(99);
    await page.screenshot({ path: `${ARTIFACTS}history-24h.png`, fullPage: true });

    // Drag across the middle fifth of the CPU chart's plot.
    const box = (await cpu.boundingBox())!;
    const y = box.y + box.height * 0.4;
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.url()).toMatch(/window=24h&from=\d+&to=\d+$/);
    // The page follows the address on its next render: wait for the held view, then for its load.
    await expect.poll(async () => (await view(section)).view, { timeout: 10_000 }).toBe('held');
    await expect.poll(async () => (await view(section)).loading, { timeout: 20_000 }).toBe('false');
    const zoomed = await view(section);
    expect(zoomed.view).toBe('held');
    const span = zoomed.to - zoomed.from;
    // About a fifth of the day (the plot is a little narrower than the canvas), fetched in finer buckets.
    expect(span).toBeGreaterThan(DAY_MS * 0.15);
    expect(span).toBeLessThan(DAY_MS * 0.3);
    expect(zoomed.from).toBeGreaterThan(day.from);
    expect(zoomed.bucketMs).toBeLessThan(day.bucketMs);
    expect(zoomed.firstBucket).toBeGreaterThanOrEqual(zoomed.from - zoomed.bucketMs);
    expect(zoomed.lastBucket).toBeLessThanOrEqual(zoomed.to);
    expect(Number(await cpu.getAttribute('data-points'))).toBeGreaterThan(100);
    // Live updates are paused: the range stands still while samples keep arriving behind it.
    await page.waitForTimeout(2500);
    const still = await view(section);
    expect([still.from, still.to, still.buckets]).toEqual([zoomed.from, zoomed.to, zoomed.buckets]);
    expect(still.seqLast).toBeGreaterThan(zoomed.seqLast);
    await page.screenshot({ path: `${ARTIFACTS}history-zoom.png`, fullPage: true });

    // The link reproduces the view in a fresh tab.
    const linked = await openHost(browser, hub.url, `/${new URL(page.url()).hash}`);
    const again = await view(linked.section);
    expect([again.view, again.from, again.to]).toEqual(['held', zoomed.from, zoomed.to]);
    await linked.page.close();

    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/host\/history-1\?window=24h$/);
    // As after the zoom: the live view, then its load.
    await expect.poll(async () => (await view(section)).view, { timeout: 10_000 }).toBe('live');
    await expect.poll(async () => (await view(section)).loading, { timeout: 20_000 }).toBe('false');
    const live = await view(section);
    expect(live.view).toBe('live');
    expect(live.to - live.from).toBeGreaterThanOrEqual(DAY_MS);
    // Streaming again: the window's right edge and the last seq move on.
    await expect.poll(async () => (await view(section)).to, { timeout: 10_000 }).toBeGreaterThan(live.to + 1500);
    await expect.poll(async () => (await view(section)).seqLast, { timeout: 10_000 }).toBeGreaterThan(live.seqLast + 1);
    expect((await view(section)).seqLast).toBeLessThanOrEqual(agent.lastSeq());
    await page.screenshot({ path: `${ARTIFACTS}history-live.png`, fullPage: true });
    await page.close();
  });

  test('deletes the host after confirmation, saying why a wrong token or an online host is refused', async ({ browser, hub }) => {
    const { page } = await openHost(browser, hub.url, `/#/host/${HOST_ID}`);
    await page.getByRole('button', { name: 'Delete host' }).click();
    const dialog = page.getByRole('dialog');
    const token = dialog.getByLabel(/Admin token/);
    const confirm = dialog.getByRole('button', { name: 'Delete host' });
    const refusal = dialog.getByRole('alert');
    /** The hub's own reason for refusing this token now, as anyone sending it gets it. */
    const reasonFor = async (adminToken: string, status: number): Promise<string> => {
      const res = await fetch(`${hub.url}/api/hosts/${HOST_ID}`, { method: 'DELETE', headers: { authorization: `Bearer ${adminToken}` } });
      expect(res.status).toBe(status);
      return ((await res.json()) as ErrorResponse).error.message;
    };

    // A wrong token is said for the person at the page, with where to find the right one, not as an HTTP header to send.
    await token.fill('wrong-token');
    await confirm.click();
    await expect.poll(async () => (await refusal.textContent())?.trim(), { timeout: 10_000 }).toMatch(/^That is not this hub's admin token\. Open the admin link that npm start printed/);
    expect(await refusal.textContent()).not.toMatch(/Authorization|Bearer/);
    await reasonFor('wrong-token', 401);
    // The agent still sends: the hub keeps an online host.
    await token.fill(ADMIN_TOKEN);
    await confirm.click();
    await expect.poll(async () => (await refusal.textContent())?.trim(), { timeout: 10_000 }).toBe(await reasonFor(ADMIN_TOKEN, 409));
    await page.screenshot({ path: `${ARTIFACTS}delete-refused.png` });
    expect((await fetch(`${hub.url}/api/hosts/${HOST_ID}`)).status).toBe(200);

    agent.stop();
    await expect.poll(() => page.locator('.toolbar .status').textContent(), { timeout: 15_000 }).toContain('offline');
    await confirm.click();
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/#\/$/);
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem('hostpulse.adminToken'))).toBe(ADMIN_TOKEN);
    // Gone from the hub, history and all, and from the overview.
    expect((await fetch(`${hub.url}/api/hosts/${HOST_ID}`)).status).toBe(404);
    expect((await fetch(`${hub.url}/api/hosts/${HOST_ID}/series?from=${Date.now() - DAY_MS}&to=${Date.now()}`)).status).toBe(404);
    await expect.poll(() => page.locator(`[data-host-id="${HOST_ID}"]`).count()).toBe(0);
    await page.close();
  });
});
