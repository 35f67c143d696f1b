import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

// The rule `cpu.busyPct > -1 for 2s` fires on the real agent's host within seconds; a
// webhook receiver started here answers 204, so the delivery log has a row to show.
const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-alerts-token').extend('hubArgs', { scope: 'file' }, async ({}, { onCleanup }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-e2e-alerts-'));
  const receiver = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  onCleanup(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const rules = {
    rules: [
      { name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '2s', severity: 'critical' },
      { name: 'fs-full', metric: 'fs.usedPct', op: '>', threshold: 90, for: '5m' },
    ],
    notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: 'e2e-secret' }],
  };
  writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify(rules));
  return ['--alerts-file', path.join(dir, 'alerts.json')];
});

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
