import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import type { HubStats } from '@hostpulse/protocol';
import { hubStats } from '@hostpulse/testkit/hub-reads';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

const VIEWER_TOKEN = 'e2e-viewer-token-5b1f';

const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-agent-token').extend('hubArgs', { scope: 'file' }, ['--viewer-token', VIEWER_TOKEN]);

/** The hub's stats, read with the viewer token. */
function viewerStats(hubUrl: string): Promise<HubStats> {
  return hubStats(hubUrl, { Authorization: `Bearer ${VIEWER_TOKEN}` });
}

/** A fresh browser profile whose pages record every CSP violation in window.cspViolations. */
async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Scripts run in the page are strings: this project type-checks e2e without the DOM library.
  await context.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));`,
  });
  return context;
}

function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.cspViolations');
}

describe('dashboard behind a viewer token', () => {
  test('opens from a ?token= link: the token leaves the URL, an HttpOnly cookie stays, and live numbers move in push and poll', async ({ browser, hub }) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${hub.url}/?token=${VIEWER_TOKEN}`);
    expect(page.url()).toBe(`${hub.url}/`);
    const cookies = await context.cookies(hub.url);
    expect(cookies).toEqual([expect.objectContaining({ name: 'hostpulse_viewer', httpOnly: true, sameSite: 'Strict' })]);
    expect(await page.evaluate<string>('document.cookie')).toBe('');

    const card = page.locator('[data-host-id]').first();
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('[data-connection]').textContent(), { timeout: 10_000 }).toContain('live');
    const before = await card.textContent();
    await expect.poll(() => card.textContent(), { timeout: 10_000, interval: 500 }).not.toBe(before);

    // Charts on the detail page: Chart.js under the same policy.
    await card.click();
    const points = (): Promise<number> => page.locator('canvas[data-points]').first().getAttribute('data-points').then(Number);
    await expect.poll(points, { timeout: 10_000 }).toBeGreaterThan(1);
    await page.screenshot({ path: `${ARTIFACTS}viewer-token-detail.png`, fullPage: true });

    const poll = await context.newPage();
    await poll.goto(`${hub.url}/?mode=poll&interval=1000#/`);
    const pollCard = poll.locator('[data-host-id]').first();
    await pollCard.waitFor({ timeout: 15_000 });
    await expect.poll(() => poll.locator('[data-connection]').textContent(), { timeout: 10_000 }).toContain('live · poll');
    const pollBefore = await pollCard.textContent();
    await expect.poll(() => pollCard.textContent(), { timeout: 10_000, interval: 500 }).not.toBe(pollBefore);
    await poll.goto(`${hub.url}/#/compare`);
    await poll.waitForTimeout(1500);

    expect(await cspViolations(page)).toEqual([]);
    expect(await cspViolations(poll)).toEqual([]);
    // The listener does catch what the policy forbids: an inline style attribute is refused and reported.
    await page.evaluate(`document.body.setAttribute('style', 'outline: 1px solid red')`);
    await expect.poll(() => cspViolations(page)).toEqual([expect.stringMatching(/^style-src-attr inline$/)]);
    await context.close();
  });

  test('without the token loads the page but no data: the API answers 401 and the socket is refused', async ({ browser, hub }) => {
    const before = (await viewerStats(hub.url)).faults['unauthorized'] ?? 0;
    const context = await newContext(browser);
    const page = await context.newPage();
    const apiStatuses: number[] = [];
    page.on('response', (res) => {
      if (new URL(res.url()).pathname.startsWith('/api/')) apiStatuses.push(res.status());
    });
    await page.goto(`${hub.url}/?mode=poll&interval=1000`);
    expect(await page.title()).toBe('hostpulse');
    await expect.poll(() => apiStatuses.length, { timeout: 10_000 }).toBeGreaterThan(1);
    expect(new Set(apiStatuses)).toEqual(new Set([401]));
    const socket = await page.evaluate<string>(`new Promise((resolve) => {
      const ws = new WebSocket('ws://' + location.host + '/live');
      ws.onopen = () => resolve('open');
      ws.onclose = (event) => resolve('closed ' + event.code);
    })`);
    expect(socket).toBe('closed 1006');
    expect(((await viewerStats(hub.url)).faults['unauthorized'] ?? 0) - before).toBeGreaterThan(apiStatuses.length - 1);
    expect(await page.locator('[data-host-id]').count()).toBe(0);
    expect(await page.locator('[data-connection]').textContent()).not.toContain('live');
    // What a person sees: the dashboard says it needs the viewer token, in poll mode and in push mode.
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('viewer token');
    await page.goto(`${hub.url}/`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 10_000 }).toContain('viewer token');
    await page.screenshot({ path: `${ARTIFACTS}viewer-token-missing.png`, fullPage: true });
    await context.close();
  });
});
