import { describe, expect } from 'vitest';
import type { HostsResponse } from '@hostpulse/protocol';
import { getJson } from '@hostpulse/testkit/hub-reads';
import { testWithAgent as test } from './fixtures.js';

describe('poll mode', () => {
  test('is taken from a link that names it after the route, #/host/<id>?mode=poll', async ({ hub, page }) => {
    const { hosts } = await getJson<HostsResponse>(hub.url, '/api/hosts');
    const hostId = hosts[0]!.hostId;
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    const samplesPolled = page.waitForRequest((req) => req.url().includes(`/api/hosts/${encodeURIComponent(hostId)}/samples`), { timeout: 15_000 });
    await page.goto(`${hub.url}/#/host/${encodeURIComponent(hostId)}?mode=poll`);
    await expect.poll(() => page.locator('button[data-mode="poll"]').getAttribute('aria-pressed')).toBe('true');
    await samplesPolled;
    expect(sockets).toEqual([]);
    // The choice moves to the query string, where the toggle keeps it.
    expect(new URL(page.url()).search).toBe('?mode=poll&interval=1000');
    expect(new URL(page.url()).hash).toBe(`#/host/${encodeURIComponent(hostId)}`);
  });

  test("answers 304 to most polls, and the browser completes each one rather than cancelling it", async ({ hub, page }) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map<string, string>();
    const notModified: string[] = [];
    const cancelled: string[] = [];
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
    cdp.on('Network.responseReceived', (event) => {
      if (event.response.status === 304) notModified.push(event.response.url);
    });
    cdp.on('Network.loadingFailed', (event) => {
      if (event.canceled === true) cancelled.push(`${urls.get(event.requestId)}: ${event.errorText}`);
    });
    await page.goto(`${hub.url}/?mode=poll&interval=1000#/alerts`);
    // The alerts change rarely: after the first answer each poll of them is a 304.
    await expect.poll(() => notModified.filter((url) => url.endsWith('/api/alerts')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    expect(cancelled).toEqual([]);
  });
});
