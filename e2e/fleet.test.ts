import type { Browser, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { SIM_ROLES, startSimAgents } from '@hostpulse/testkit/sim-agents';
import { ARTIFACTS, test as base } from './fixtures.js';

// The overview's table mode with simulated hosts: sorting, tags, links, keys and a phone's width.
const HOSTS = 12;

/** The fixtures with `sims`, HOSTS simulated agents pushing to the hub, started before the file's first test. */
const test = base.extend('token', { scope: 'file' }, 'fleet-token').extend('sims', { scope: 'file', auto: true }, async ({ hub, token }, { onCleanup }) => {
  const sims = await startSimAgents(hub.url, token, HOSTS);
  onCleanup(() => sims.stop());
  return sims;
});

async function openTable(browser: Browser, hubUrl: string, width = 1280, path = '/?view=table#/'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${hubUrl}${path}`);
  await expect.poll(() => page.locator('tr[data-host-id] [data-col="cpu"]').count(), { timeout: 15_000 }).toBe(HOSTS);
  return page;
}

/**
 * Clicks the CPU heading and reads the rows' CPU figures as drawn by that click, in one
 * go in the page: rows re-sort by a live figure at most once a second, so an update
 * arriving after the click may change a figure without moving its row yet.
 */
const sortByCpuAndRead = (page: Page): Promise<number[]> =>
  page.evaluate(async () => {
    const heading = [...document.querySelectorAll<HTMLButtonElement>('th button.sort')].find((b) => b.textContent?.startsWith('CPU'))!;
    heading.click();
    // Svelte draws in a microtask; a WebSocket message can only come in a later task.
    for (let i = 0; i < 5; i++) await Promise.resolve();
    return [...document.querySelectorAll('tr[data-host-id] [data-col="cpu"]')].map((c) => Number.parseFloat(c.textContent ?? ''));
  });

describe('overview table mode', () => {
  test('is kept in the URL, and sorts by CPU, highest first, then lowest first', async ({ hub, page }) => {
    await page.goto(`${hub.url}/#/`);
    await page.getByRole('button', { name: 'Table' }).click();
    expect(new URL(page.url()).searchParams.get('view')).toBe('table');
    await expect.poll(() => page.locator('tr[data-host-id] [data-col="cpu"]').count(), { timeout: 15_000 }).toBe(HOSTS);
    const down = await sortByCpuAndRead(page);
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('CPU');
    expect(down).toHaveLength(HOSTS);
    expect(down).toEqual([...down].sort((a, b) => b - a));
    const up = await sortByCpuAndRead(page);
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('CPU');
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.screenshot({ path: `${ARTIFACTS}fleet-table.png` });
    await page.close();
  });

  test('narrows the rows to one tag, and groups them by a tag key', async ({ browser, hub }) => {
    const page = await openTable(browser, hub.url);
    await page.getByLabel('Filter by tag').selectOption('role=db');
    const dbHosts = Array.from({ length: HOSTS }, (_, i) => i).filter((i) => SIM_ROLES[i % SIM_ROLES.length] === 'db').length;
    await expect.poll(() => page.locator('tr[data-host-id]').count()).toBe(dbHosts);
    for (const row of await page.locator('tr[data-host-id]').all()) expect(await row.textContent()).toContain('role=db');
    await page.getByLabel('Filter by tag').selectOption('');
    await page.getByLabel('Group hosts by tag').selectOption('role');
    const heads = await page.locator('tr.group-head').allTextContents();
    expect(heads.map((h) => h.split(' ')[2])).toEqual([...SIM_ROLES].sort());
    await page.close();
  });

  test('makes rows and cards links that open the host (a new tab too), with no block inside a button', async ({ browser, hub }) => {
    const page = await openTable(browser, hub.url);
    const link = page.locator('tr[data-host-id] a.host').first();
    expect(await link.getAttribute('href')).toMatch(/^#\/host\/sim-\d{3}$/);
    expect(await page.locator('button div, button p, a a').count()).toBe(0);
    // A click anywhere on the row, here on its uptime cell, follows the row's link.
    const hostId = await page.locator('tr[data-host-id]').nth(2).getAttribute('data-host-id');
    const cell = (await page.locator('tr[data-host-id]').nth(2).locator('[data-col="uptime"]').boundingBox())!;
    await page.mouse.click(cell.x + cell.width / 2, cell.y + cell.height / 2);
    await expect.poll(() => page.url()).toContain(`#/host/${hostId}`);
    await page.goto(`${hub.url}/#/`);
    const card = page.locator('a.card[data-host-id]').first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('href')).toMatch(/^#\/host\/sim-\d{3}$/);
    await page.close();
  });

  test('moves between rows with the arrow keys and opens one with Enter', async ({ browser, hub }) => {
    const page = await openTable(browser, hub.url);
    const ids = await page.locator('tr[data-host-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host-id')));
    await page.locator('tr[data-host-id] a.host').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-host-id'));
    expect(focused).toBe(ids[2]);
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-host-id'))).toBe(ids[ids.length - 1]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain(`#/host/${ids[ids.length - 1]}`);
    await page.close();
  });

  test('moves between cards with the arrow keys: Right to the next, Down to the one below', async ({ hub, page }) => {
    await page.goto(`${hub.url}/#/`);
    await expect.poll(() => page.locator('a.card[data-host-id]').count(), { timeout: 15_000 }).toBe(HOSTS);
    const cards = page.locator('a.card[data-host-id]');
    const ids = await cards.evaluateAll((all) => all.map((c) => c.getAttribute('data-host-id')));
    // Cards on the first line: those as high as the first.
    const perLine = await cards.evaluateAll((all) => all.filter((c) => (c as HTMLElement).offsetTop === (all[0] as HTMLElement).offsetTop).length);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-host-id'));
    await cards.first().focus();
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe(ids[1]);
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toBe(ids[1 + perLine]);
    await page.keyboard.press('Home');
    expect(await focused()).toBe(ids[0]);
    await page.close();
  });

  test('holds its layout at a phone’s width (390 px): no sideways scroll of the page', async ({ browser, hub }) => {
    const page = await openTable(browser, hub.url, 390);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The figures that matter most are in view without scrolling the table.
    const cpu = await page.locator('tr[data-host-id] [data-col="cpu"]').first().boundingBox();
    expect(cpu!.x + cpu!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}phone-390-table.png`, fullPage: true });
    await page.goto(`${hub.url}/#/`);
    await page.locator('a.card[data-host-id]').first().waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}phone-390-cards.png` });
    await page.close();
  });
});
