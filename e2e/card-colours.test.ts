import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { startConnectedAgent } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { ARTIFACTS, test as base } from './fixtures.js';

// Real agents `ruled` (a rule warns on its memory above 1 %) and `plain` (no rule on memory:
// the defaults, 80 % and 95 %, apply; this machine's memory is well below 80 %), and two
// scripted agents whose memory reads 94.6 % and 95.4 %, both shown as "95%".
const RULED = 'ruled';
const PLAIN = 'plain';
const LOW = 'round-low';
const HIGH = 'round-high';
const MEM_TOTAL = 8_000_000_000;

const test = base
  .extend('token', { scope: 'file' }, 'e2e-colours-token')
  .extend('hubArgs', { scope: 'file' }, ({}, { onCleanup }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-e2e-colours-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const rules = { rules: [{ name: 'mem-ruled', metric: 'mem.usedPct', op: '>', threshold: 1, for: '5m', severity: 'warning', hosts: { ids: [RULED] } }] };
    writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify(rules));
    return ['--alerts-file', path.join(dir, 'alerts.json')];
  })
  .extend('agents', { scope: 'file', auto: true }, async ({ hub, token }, { onCleanup }) => {
    const real: Child[] = [];
    const scripted: ScriptedAgent[] = [];
    onCleanup(async () => {
      for (const s of scripted) s.stop();
      await Promise.all(real.map((a) => a.stop()));
    });
    real.push(await startConnectedAgent(hub.url, token, ['--host-id', RULED]), await startConnectedAgent(hub.url, token, ['--host-id', PLAIN]));
    for (const [hostId, pct] of [[LOW, 94.6], [HIGH, 95.4]] as const) {
      const agent = await ScriptedAgent.connect(hub.url, hostId, { token, shape: (s) => void (s.mem = { ...s.mem, totalBytes: MEM_TOTAL, usedBytes: (MEM_TOTAL * pct) / 100 }) });
      agent.stream();
      scripted.push(agent);
    }
    return { real, scripted };
  });

const level = (locator: Locator): Promise<string | null> => locator.getAttribute('data-level');

/** Opens the overview with per-browser thresholds of 1 % and 2 % saved, as an older dashboard let a user set. */
async function openWithSavedThresholds(page: Page, url: string): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('hostpulse.thresholds', JSON.stringify({ warnPct: 1, critPct: 2 })));
  await page.goto(url);
}

describe('colours of figures on cards and rows', () => {
  test('follow the alert rule that covers a host and metric, and the defaults where none does, whatever this browser saved', async ({ hub, page }) => {
    await openWithSavedThresholds(page, `${hub.url}/#/`);
    const ruled = page.locator(`a.card[data-host-id="${RULED}"] [data-metric="mem"]`);
    const plain = page.locator(`a.card[data-host-id="${PLAIN}"] [data-metric="mem"]`);
    await ruled.waitFor({ timeout: 20_000 });
    await plain.waitFor({ timeout: 20_000 });
    // The rules arrive with the alerts, just after the first overview.
    await expect.poll(() => level(ruled), { timeout: 10_000 }).toBe('warn');
    expect(await level(plain)).toBe('ok');
    // The settings show where the colours come from, and nothing there is set per browser.
    await page.locator('details.thresholds summary').click();
    const settings = page.locator('details.thresholds');
    expect(await settings.textContent()).toMatch(/80%.*95%/s);
    expect(await settings.textContent()).toContain('mem-ruled');
    expect(await settings.locator('input').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}card-colours.png`, fullPage: true });
    // Polling, the rules come with GET /api/alerts.
    await page.goto(`${hub.url}/?mode=poll&interval=1000#/`);
    await expect.poll(() => level(ruled), { timeout: 20_000 }).toBe('warn');
    expect(await level(plain)).toBe('ok');
  });

  test('are decided from the rounded figure shown: two memories both shown as 95% have one colour', async ({ hub, page }) => {
    await page.goto(`${hub.url}/#/`);
    const low = page.locator(`a.card[data-host-id="${LOW}"] [data-metric="mem"]`);
    const high = page.locator(`a.card[data-host-id="${HIGH}"] [data-metric="mem"]`);
    await expect.poll(() => low.textContent(), { timeout: 20_000 }).toContain('95%');
    await expect.poll(() => high.textContent(), { timeout: 20_000 }).toContain('95%');
    expect(await level(low)).toBe('crit');
    expect(await level(high)).toBe('crit');
    await page.goto(`${hub.url}/?view=table#/`);
    const rows = [LOW, HIGH].map((id) => page.locator(`tr[data-host-id="${id}"] [data-col="mem"]`));
    for (const cell of rows) await expect.poll(() => cell.textContent(), { timeout: 20_000 }).toBe('95%');
    expect(await Promise.all(rows.map(level))).toEqual(['crit', 'crit']);
  });
});
