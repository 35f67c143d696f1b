import { copyFileSync, mkdirSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { freePort } from '@hostpulse/testkit/ports';
import { alertsHubArgs } from './alerts-hub.js';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

// The rule `cpu.busyPct > -1 for 2s` fires on the real agent's host within seconds and is
// delivered to a receiver that answers 204 (`ops`) and to a port where nothing listens (`pager`).
const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-history-token').extend('hubArgs', { scope: 'file' }, async ({}, { onCleanup }) =>
  alertsHubArgs([{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', severity: 'critical' }], onCleanup, [
    { name: 'pager', type: 'webhook', url: `http://127.0.0.1:${await freePort()}/hook`, secret: 'e2e-secret' },
  ]),
);

const SHOTS = '/tmp/shots-n6/';

describe('alert history in the dashboard', () => {
  test('the Alerts page lists every host\'s alert events with each delivery and its error; the host page lists that host\'s', async ({ hub, page }) => {
    await page.goto(`${hub.url}/#/alerts`);
    const history = page.locator('[data-history="fleet"]');
    const rows = history.locator('table[data-table="history"] tr[data-kind]');
    // The history is fetched, not pushed: Refresh until the failed delivery to the dead port is in.
    await expect
      .poll(async () => {
        await history.getByRole('button', { name: 'Refresh' }).click();
        return rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
      }, { timeout: 20_000 })
      .toEqual(expect.arrayContaining(['fired', 'delivered', 'failed']));
    const fired = history.locator('tr[data-kind="fired"]').first();
    expect(await fired.textContent()).toContain('cpu-any');
    expect(await history.locator('tr[data-kind="delivered"]').first().textContent()).toMatch(/ops: firing delivered \(attempt 1, status 204\)/);
    expect(await history.locator('tr[data-kind="failed"]').first().textContent()).toMatch(/pager: firing failed, will retry \(attempt \d+\): .*ECONNREFUSED/);
    expect(await history.textContent()).toContain('in memory only');
    mkdirSync(SHOTS, { recursive: true });
    await history.screenshot({ path: `${ARTIFACTS}alert-history-fleet.png` });
    copyFileSync(`${ARTIFACTS}alert-history-fleet.png`, `${SHOTS}alert-history-fleet.png`);
    await page.screenshot({ path: `${SHOTS}alerts-page.png`, fullPage: true });

    const hostId = (await fired.locator('a').textContent())!;
    await fired.locator('a').click();
    const ofHost = page.locator(`[data-history="${hostId}"]`);
    await ofHost.locator('tr[data-kind="fired"]').waitFor({ timeout: 10_000 });
    expect(await ofHost.locator('th').allTextContents()).toEqual(['time', 'event', 'rule', 'detail']);
    await ofHost.scrollIntoViewIfNeeded();
    await ofHost.screenshot({ path: `${ARTIFACTS}alert-history-host.png` });
    copyFileSync(`${ARTIFACTS}alert-history-host.png`, `${SHOTS}alert-history-host.png`);
  });
});
