import { describe, expect, onTestFinished } from 'vitest';
import { startBusyProcess } from '@hostpulse/testkit/busy-process';
import { alertsHubArgs } from './alerts-hub.js';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

// A CPU rule that fires on the real agent's host once held 8 s (past the agent's first
// process table, 5 s in), while a busy loop the test starts runs, and a process rule on a
// daemon that does not exist: the dashboard shows who did it and the absent process.
const marker = `hostpulse-e2e-who-${process.pid}`;
const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-who-token').extend('hubArgs', { scope: 'file' }, ({}, { onCleanup }) =>
  alertsHubArgs(
    [
      { name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '8s', severity: 'critical' },
      { name: 'daemon-gone', metric: 'process.absent', process: { name: 'no-such-daemon' }, severity: 'warning' },
    ],
    onCleanup,
  ),
);

describe('who did it in the dashboard', () => {
  test('shows the top processes kept with a firing CPU alert on the Alerts page and on its host page', async ({ hub, page }) => {
    const busy = startBusyProcess(marker);
    onTestFinished(() => busy.stop());
    await page.goto(`${hub.url}/#/alerts`);
    const who = page.locator('table[data-table="current"] tr[data-who-for^="cpu-any|"] [data-top-processes]');
    await who.waitFor({ timeout: 30_000 });
    busy.stop();
    const rows = who.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await who.textContent()).toContain(marker);
    expect(await who.locator('.caption').textContent()).toMatch(/^Top processes at \d+ \w{3} \d\d:\d\d:\d\d$/);
    const absent = page.locator('table[data-table="current"] tr[data-alert-id^="daemon-gone|"]');
    await absent.waitFor({ timeout: 15_000 });
    expect(await absent.textContent()).toContain('none running');
    expect(await absent.textContent()).toContain('process.absent (no matching process)');
    expect(await page.locator('li[data-rule="daemon-gone"]').textContent()).toContain('no process named no-such-daemon running');
    await page.screenshot({ path: `${ARTIFACTS}alert-top-processes.png`, fullPage: true });

    await page.locator('table[data-table="current"] tr[data-alert-id^="cpu-any|"] a').click();
    const onHost = page.locator('[aria-label="Alerts on this host"] li[data-alert-id^="cpu-any|"] [data-top-processes]');
    await onHost.waitFor({ timeout: 10_000 });
    expect(await onHost.textContent()).toContain(marker);
    await page.screenshot({ path: `${ARTIFACTS}host-alert-top-processes.png` });
  });
});
