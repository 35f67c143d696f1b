import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { processExists } from '@hostpulse/common';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

const test = testWithAgent.extend('hubArgs', { scope: 'file' }, ['--lab']);

// One page goes through each describe's steps in turn.
let page: Page;

/** A figure the Compare page's hub table shows for one transport. */
async function shown(transport: 'push' | 'poll', field: string): Promise<number> {
  const cell = page.locator(`tr[data-transport="${transport}"] [data-field="${field}"]`);
  return Number((await cell.getAttribute('data-value')) ?? (await cell.textContent()));
}

describe('load lab on the Compare page, against a real hub started with --lab', () => {
  test("raises the hub's poll requests/s shown on the page above 500 within 10 s with 200 viewers polling every 250 ms", async ({ browser, hub }) => {
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${hub.url}/#/compare`);
    const lab = page.getByRole('region', { name: 'Load lab' });
    await lab.getByRole('spinbutton', { name: 'Viewers' }).fill('200');
    await lab.getByRole('group', { name: 'Lab mode' }).getByRole('button', { name: 'Poll' }).click();
    await lab.getByRole('spinbutton', { name: /Poll every/ }).fill('250');
    await lab.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => page.getByTestId('lab-status').getAttribute('data-lab-mode'), { timeout: 15_000 }).toBe('poll');
    await expect.poll(() => shown('poll', 'requestsPerSec'), { timeout: 10_000, interval: 250 }).toBeGreaterThan(500);
    await expect.poll(() => shown('poll', 'labViewers'), { timeout: 10_000 }).toBe(200);
    await page.screenshot({ path: `${ARTIFACTS}lab-poll.png`, fullPage: true });
  });

  test('brings push clients to 200 and poll requests/s to 0 with "Swap all"', async () => {
    await page.getByRole('button', { name: 'Swap all to push' }).click();
    await expect.poll(() => page.getByTestId('lab-status').getAttribute('data-lab-mode'), { timeout: 15_000 }).toBe('push');
    await expect.poll(() => shown('push', 'labViewers'), { timeout: 10_000 }).toBe(200);
    // This tab is a push client too.
    await expect.poll(() => shown('push', 'clients'), { timeout: 10_000 }).toBe(201);
    await expect.poll(() => shown('poll', 'requestsPerSec'), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}lab-swapped.png`, fullPage: true });
  });

  test('leaves no lab process once stopped', async () => {
    const pid = Number(await page.getByTestId('lab-status').getAttribute('data-lab-pid'));
    expect(pid).toBeGreaterThan(0);
    expect(processExists(pid)).toBe(true);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.getByTestId('lab-status').textContent(), { timeout: 10_000 }).toContain('No lab running');
    expect(processExists(pid)).toBe(false);
    await page.close();
  });
});

describe('wire inspector', () => {
  test('shows the 101 and a Sec-WebSocket-Accept that matches the key the browser sent, then polls 200 against 304', async ({ browser, hub }) => {
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Chromium's own record of the handshake, below anything the page could see or fake.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const sentKey = new Promise<string>((resolve) =>
      cdp.on('Network.webSocketWillSendHandshakeRequest', (event) => resolve(String(event.request.headers['Sec-WebSocket-Key']))),
    );
    await page.goto(`${hub.url}/#/compare`);
    const key = await sentKey;
    const response = page.getByTestId('handshake-response');
    await expect.poll(() => response.textContent(), { timeout: 10_000 }).toContain('HTTP/1.1 101 Switching Protocols');
    const expected = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    expect(await response.textContent()).toContain(`Sec-WebSocket-Accept: ${expected}`);
    expect(await page.getByTestId('handshake-request').textContent()).toContain(`sec-websocket-key: ${key}`);
    await expect.poll(() => page.getByTestId('accept-check').getAttribute('data-check')).toBe('match');

    await page.getByRole('group', { name: 'Transport' }).getByRole('button', { name: 'Poll' }).click();
    await page.getByRole('combobox', { name: 'Poll interval' }).selectOption('250');
    // The socket closed by this page's switch is named too.
    await expect.poll(() => page.getByTestId('wire-close').textContent()).toContain('1000 normal');
    const rows = page.locator('table.polls tbody tr');
    const statuses = async (): Promise<string[]> => [...new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status') ?? '')))].sort();
    await expect.poll(statuses, { timeout: 15_000 }).toEqual(['200', '304']);
    expect(await page.getByTestId('wire-explain').textContent()).toMatch(/found nothing new and were answered 304/);
    await page.getByRole('group', { name: 'Transport' }).getByRole('button', { name: 'Push' }).click();
    await page.screenshot({ path: `${ARTIFACTS}inspector.png`, fullPage: true });
  });

  test("shows the close code's name when the hub closes the socket", async ({ hub }) => {
    await expect.poll(() => page.getByTestId('handshake-response').textContent(), { timeout: 10_000 }).toContain('101 Switching Protocols');
    await hub.stop();
    const close = page.getByTestId('wire-close');
    await expect.poll(() => close.getAttribute('data-close-code'), { timeout: 10_000 }).toBe('1001');
    expect(await close.textContent()).toContain('1001 goingAway');
    await page.close();
  });
});
