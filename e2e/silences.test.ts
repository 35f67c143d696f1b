import { describe, expect } from 'vitest';
import { alertsHubArgs } from './alerts-hub.js';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

// The rule `cpu.busyPct > -1 for 2s` fires on the real agent's host within seconds; an
// admin silences it from the Alerts page, and it still shows, marked.
const ADMIN = 'silences-e2e-admin';

const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-silences-token').extend('hubArgs', { scope: 'file' }, async ({}, { onCleanup }) => [
  ...(await alertsHubArgs([{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', severity: 'critical' }], onCleanup)),
  '--admin-token',
  ADMIN,
]);

describe('silences in the dashboard', () => {
  test('an admin silences a firing host from the Alerts page; the alert stays, marked silenced with the comment, and its card badge shows it', async ({ hub, page }) => {
    await page.goto(`${hub.url}/#admin=${ADMIN}`);
    await expect.poll(() => page.url()).toBe(`${hub.url}/`);
    await page.goto(`${hub.url}/#/alerts`);
    const row = page.locator('table[data-table="current"] tr[data-state="firing"]');
    await row.waitFor({ timeout: 20_000 });
    const hostId = (await row.getAttribute('data-alert-id'))!.split('|')[1]!;
    expect(await page.locator('.alerts').textContent()).toContain('No silence');

    await page.getByRole('button', { name: 'New silence' }).click();
    const dialog = page.getByRole('dialog', { name: 'Silence alerts' });
    expect(await dialog.getByLabel(/Admin token/).inputValue()).toBe(ADMIN);
    await dialog.getByLabel(/Host ids/).fill(hostId);
    await dialog.getByLabel('For').selectOption({ label: '4 hours' });
    await dialog.getByLabel('Comment').fill('kernel upgrade, ask Dana');
    await dialog.getByRole('button', { name: 'Silence', exact: true }).click();

    const mark = row.locator('[data-silenced]');
    await mark.waitFor({ timeout: 10_000 });
    expect(await mark.textContent()).toMatch(/^silenced until .+: kernel upgrade, ask Dana$/);
    expect(await row.getAttribute('data-state')).toBe('firing');
    const listed = page.locator('table[data-table="silences"] tr[data-silence-id]');
    expect(await listed.count()).toBe(1);
    expect(await listed.textContent()).toContain(`hosts ${hostId}`);
    expect(await listed.getAttribute('data-scheduled')).toBe('false');
    await page.screenshot({ path: `${ARTIFACTS}silence-alerts-page.png`, fullPage: true });
    await page.screenshot({ path: `${ARTIFACTS}silence-alerts-page.png`, fullPage: true });

    await page.goto(`${hub.url}/#/`);
    const badge = page.locator(`[data-host-id="${hostId}"] [data-alert-badge]`);
    await badge.waitFor({ timeout: 10_000 });
    expect(await badge.getAttribute('data-silenced')).toBe('1');
    expect(await badge.getAttribute('title')).toContain('1 silenced');
    expect(await badge.getAttribute('class')).toMatch(/\bsilenced\b/);
    await page.locator(`[data-host-id="${hostId}"]`).screenshot({ path: `${ARTIFACTS}silence-host-card.png` });

    // Ended from the page, it goes from the list and the mark goes with it.
    await page.goto(`${hub.url}/#/alerts`);
    await listed.getByRole('button', { name: 'End' }).click();
    await page.getByRole('dialog', { name: 'End this silence' }).getByRole('button', { name: 'End silence' }).click();
    await expect.poll(() => listed.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => row.locator('[data-silenced]').count(), { timeout: 10_000 }).toBe(0);

    // A weekly maintenance window that starts later: listed, and the alert stays unmarked until then.
    await page.getByRole('button', { name: 'New silence' }).click();
    await dialog.getByLabel('Rule').selectOption('cpu-any');
    await dialog.getByLabel(/Starts/).fill('2099-01-04T02:00');
    await dialog.getByLabel('Repeat every week').check();
    await dialog.getByLabel('Comment').fill('Sunday patch window');
    await dialog.getByRole('button', { name: 'Silence', exact: true }).click();
    await expect.poll(() => listed.count(), { timeout: 10_000 }).toBe(1);
    expect(await listed.getAttribute('data-scheduled')).toBe('true');
    expect(await listed.textContent()).toMatch(/rule cpu-any.*Sunday patch window.*weekly, .*until ended/);
    expect(await row.locator('[data-silenced]').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}silence-weekly-window.png`, fullPage: true });
  });
});
