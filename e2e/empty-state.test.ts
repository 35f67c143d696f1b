import { describe, expect, onTestFinished } from 'vitest';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { test } from './fixtures.js';

// The overview with no host shows the commands that start an agent; overview.test.ts checks
// them on a hub that wants an agent token, this one on a hub that wants none.
describe('the empty overview', () => {
  test('passes no --token to a hub that asks agents for none', async ({ page }) => {
    const open = await startHubProcess(['--data-dir', 'none']);
    onTestFinished(async () => void (await open.stop()));
    await page.goto(`${open.url}/`);
    await page.getByText('No host has reported yet').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('agent-command').textContent()).toBe(`node agent/dist/main.js --hub ${open.url.replace('http', 'ws')}`);
    expect(await page.getByTestId('empty-install-command').textContent()).toBe(`curl -fsSL ${open.url}/install.sh | sh -s --`);
    expect((await page.getByTestId('token-help').textContent())?.replace(/\s+/g, ' ')).toContain('This hub asks agents for no token');
  });
});
