import { describe, expect } from 'vitest';
import { alertsHubArgs } from './alerts-hub.js';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

// An admin manages the alert rules from the Alerts page against a real hub and agent: a
// rule added there fires on the agent's host, is changed, disabled, tested and deleted.
const ADMIN = 'rules-e2e-admin';

const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-rules-token').extend('hubArgs', { scope: 'file' }, async ({}, { onCleanup }) => [
  ...(await alertsHubArgs([{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: 1000, for: '1m', severity: 'critical' }], onCleanup)),
  '--admin-token',
  ADMIN,
]);

describe('rules editor in the dashboard', () => {
  test('an admin adds a rule that then fires, sees the file\'s message for a bad one, edits, disables, tests and deletes rules from the Alerts page', async ({ hub, page }) => {
    await page.goto(`${hub.url}/#/alerts`);
    const anyRule = page.locator('li[data-rule="cpu-any"]');
    await anyRule.waitFor({ timeout: 10_000 });
    // Read-only until asked: no editing controls.
    expect(await anyRule.getByRole('button').count()).toBe(0);
    await page.getByRole('button', { name: 'Manage rules' }).click();

    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New alert rule' });
    await dialog.getByLabel('Name').fill('cpu-live');
    await dialog.getByLabel('Threshold').fill('hot');
    await dialog.getByLabel('For', { exact: true }).fill('2s');
    await dialog.getByLabel(/Admin token/).fill(ADMIN);
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    const error = dialog.getByRole('alert');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toBe('rules[1].threshold must be a number');
    await page.screenshot({ path: `${ARTIFACTS}rules-editor-new-rule-error.png`, fullPage: true });

    await dialog.getByLabel('Threshold').fill('-1');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    const live = page.locator('li[data-rule="cpu-live"]');
    await live.waitFor({ timeout: 10_000 });
    expect(await live.textContent()).toContain('cpu.busyPct > -1');
    const firing = page.locator('table[data-table="current"] tr[data-state="firing"]', { hasText: 'cpu-live' });
    await firing.first().waitFor({ timeout: 20_000 });

    // Edited: the severity changes, the rest stays.
    await live.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit rule cpu-live' });
    expect(await edit.getByLabel('Threshold').inputValue()).toBe('-1');
    await edit.getByLabel('Severity').fill('page');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => live.locator('.sev').textContent(), { timeout: 10_000 }).toBe('page');
    expect(await live.textContent()).toContain('cpu.busyPct > -1');

    // Disabled: marked, and its alert withdrawn.
    await live.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog', { name: 'Disable rule cpu-live' }).getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => live.getAttribute('data-disabled'), { timeout: 10_000 }).toBe('true');
    await expect.poll(() => firing.count(), { timeout: 10_000 }).toBe(0);

    // A test notification of the file's rule reaches its webhook.
    await anyRule.getByRole('button', { name: 'Send test' }).click();
    await page.getByRole('dialog', { name: 'Test notification of cpu-any' }).getByRole('button', { name: 'Send' }).click();
    const tested = anyRule.locator('[data-tested]');
    await tested.waitFor({ timeout: 10_000 });
    expect(await tested.textContent()).toBe('Test: ops took it (204)');
    await page.locator('.alerts').screenshot({ path: `${ARTIFACTS}rules-editor.png` });

    await live.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete rule cpu-live' }).getByRole('button', { name: 'Delete rule' }).click();
    await expect.poll(() => live.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('.rules li').count()).toBe(1);
  });
});
