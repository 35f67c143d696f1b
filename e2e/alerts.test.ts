import { describe, expect } from 'vitest';
import { alertsHubArgs } from './alerts-hub.js';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

// The rule `cpu.busyPct > -1 for 2s` fires on the real agent's host within seconds; a
// webhook receiver started here answers 204, so the delivery log has a row to show.
const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-alerts-token').extend('hubArgs', { scope: 'file' }, ({}, { onCleanup }) =>
  alertsHubArgs(
    [
      { name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', severity: 'critical' },
      { name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, for: '5m' },
    ],
    onCleanup,
  ),
);

describe('alerts in the dashboard', () => {
  test('puts a badge on the host card and lists the firing alert with its delivery on the Alerts page', async ({ hub, page }) => {
    await page.goto(`${hub.url}/`);
    const badge = page.locator('[data-host-id] [data-alert-badge]');
    await badge.waitFor({ timeout: 20_000 });
    expect(await badge.textContent()).toContain('1');
    expect(await page.locator('nav [data-firing-count]').textContent()).toBe('1');
    await page.screenshot({ path: `${ARTIFACTS}alerts-badge.png`, fullPage: true });

    await page.getByRole('link', { name: /^Alerts/ }).click();
    expect(page.url()).toMatch(/#\/alerts$/);
    const row = page.locator('table[data-table="current"] tr[data-state="firing"]');
    await row.waitFor({ timeout: 10_000 });
    const text = await row.textContent();
    expect(text).toContain('cpu-any');
    expect(text).toContain('cpu.busyPct > -1%');
    expect(text).toMatch(/\d+(\.\d)?%/);
    // The rules in force and the webhook's delivery, with the receiver's status code.
    expect(await page.locator('li[data-rule="fs-full"]').textContent()).toContain('fs.usedPct > 90% for 5m');
    const delivered = page.locator('table[data-table="deliveries"] tr[data-outcome="delivered"]');
    await delivered.first().waitFor({ timeout: 10_000 });
    expect(await delivered.first().textContent()).toContain('204');
    await page.screenshot({ path: `${ARTIFACTS}alerts-page.png`, fullPage: true });
  });

  test('shows the same firing alert when the dashboard polls', async ({ hub, page }) => {
    await page.goto(`${hub.url}/?mode=poll&interval=1000#/alerts`);
    const row = page.locator('table[data-table="current"] tr[data-state="firing"]');
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('cpu-any');
  });
});
