import { mkdirSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { startConnectedAgent } from '@hostpulse/testkit/agent-process';
import { ARTIFACTS, test as base } from './fixtures.js';

// A hub that forgets hosts offline for a minute, and a real agent that stops.
const test = base.extend('hubArgs', { scope: 'file' }, ['--forget-offline-after', '1m']);

describe('an offline host on a hub with --forget-offline-after', () => {
  test('says on its page when the hub will forget it', async ({ hub, token, page }) => {
    const agent = await startConnectedAgent(hub.url, token, ['--host-id', 'old-1']);
    await page.goto(`${hub.url}/#/host/old-1`);
    await expect.poll(() => page.locator('.toolbar .status').textContent(), { timeout: 15_000 }).toBe('online');
    expect(await page.locator('[data-forget-in]').count()).toBe(0);
    await agent.stop();
    await expect.poll(() => page.locator('.toolbar .status').textContent(), { timeout: 15_000 }).toMatch(/^offline/);
    await expect.poll(() => page.locator('[data-forget-in]').textContent(), { timeout: 5000 }).toMatch(/^forgotten in (4\d|5\d|60) s$/);
    mkdirSync('/tmp/shots-i22b/', { recursive: true });
    await page.screenshot({ path: '/tmp/shots-i22b/forget-in.png' });
    await page.screenshot({ path: `${ARTIFACTS}forget-in.png` });
  });
});
