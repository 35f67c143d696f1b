import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { startConnectedAgent } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { ARTIFACTS, test as base } from './fixtures.js';

// Two real agents on this machine: `aaa-up` keeps streaming and carries a warning (CPU above
// -1 %), `zzz-down` is killed and goes offline, which fires the critical host-offline rule.
// By name `zzz-down` comes last, so only "offline first" can put it at the top.
const UP = 'aaa-up';
const DOWN = 'zzz-down';

const test = base
  .extend('token', { scope: 'file' }, 'e2e-down-token')
  .extend('hubArgs', { scope: 'file' }, ({}, { onCleanup }) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-e2e-down-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const rules = {
      rules: [
        { name: 'host-offline', metric: 'host.offline', for: '1s', severity: 'critical' },
        { name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '1s', severity: 'warning', hosts: { ids: [UP] } },
      ],
    };
    writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify(rules));
    return ['--alerts-file', path.join(dir, 'alerts.json')];
  })
  .extend('agents', { scope: 'file', auto: true }, async ({ hub, token }, { onCleanup }) => {
    const agents: Child[] = [];
    onCleanup(async () => void (await Promise.all(agents.map((a) => a.stop()))));
    agents.push(await startConnectedAgent(hub.url, token, ['--host-id', UP]));
    const down = await startConnectedAgent(hub.url, token, ['--host-id', DOWN]);
    agents.push(down);
    // Let it send a few samples, so its card has figures that would go stale.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await down.stop('SIGKILL');
    return agents;
  });

/** The colour a CSS colour expression (such as `var(--bad)`) computes to in the page. */
function colourOf(page: Page, expression: string): Promise<string> {
  return page.evaluate((value) => {
    const probe = document.createElement('span');
    probe.style.color = value;
    document.body.append(probe);
    const colour = getComputedStyle(probe).color;
    probe.remove();
    return colour;
  }, expression);
}

const style = (locator: Locator, property: string): Promise<string> => locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

/** Opens the overview and waits until the down host shows as offline and both alerts fire. */
async function openOverview(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect.poll(() => page.locator(`[data-host-id="${DOWN}"]`).textContent(), { timeout: 20_000 }).toContain('offline');
  await expect.poll(() => page.locator('nav [data-firing-count]').textContent(), { timeout: 20_000 }).toBe('2');
}

describe('a down host on the overview', () => {
  test('is a red card, first, saying when it was last seen instead of its stale figures', async ({ hub, page }) => {
    await openOverview(page, `${hub.url}/#/`);
    const cards = page.locator('a.card[data-host-id]');
    // The cards keep their places between once-a-second re-sorts, so the move may trail the status by a tick.
    await expect.poll(() => cards.first().getAttribute('data-host-id'), { timeout: 5000 }).toBe(DOWN);
    const down = page.locator(`a.card[data-host-id="${DOWN}"]`);
    const text = (await down.textContent()) ?? '';
    expect(text).toContain('last seen');
    expect(text).not.toMatch(/CPU\s*\d/);
    expect(await down.locator('[data-metric="cpu"]').count()).toBe(0);
    const bad = await colourOf(page, 'var(--bad)');
    expect(await style(down, 'border-top-color')).toBe(bad);
    expect(await style(down.locator('.status'), 'color')).toBe(bad);
    // Nothing fades it: no opacity, no grey filter.
    expect(await style(down, 'opacity')).toBe('1');
    expect(await style(down, 'filter')).toBe('none');
    await page.screenshot({ path: `${ARTIFACTS}down-host-overview.png`, fullPage: true });
  });

  test('colours each alert badge by its severity: critical red on the offline card, warning amber', async ({ hub, page }) => {
    await openOverview(page, `${hub.url}/#/`);
    const critical = page.locator(`a.card[data-host-id="${DOWN}"] [data-alert-badge]`);
    const warning = page.locator(`a.card[data-host-id="${UP}"] [data-alert-badge]`);
    expect(await style(critical, 'background-color')).toBe(await colourOf(page, 'var(--bad)'));
    expect(await style(warning, 'background-color')).toBe(await colourOf(page, 'var(--warn)'));
    // The card's own filter would grey the badge as drawn, whatever its colour.
    expect(await style(page.locator(`a.card[data-host-id="${DOWN}"]`), 'filter')).toBe('none');
  });

  test('is the first row of the table, red, with its whole status and no stale figures', async ({ hub, page }) => {
    await openOverview(page, `${hub.url}/?view=table#/`);
    const rows = page.locator('tr[data-host-id]');
    await expect.poll(() => rows.first().getAttribute('data-host-id'), { timeout: 5000 }).toBe(DOWN);
    const row = page.locator(`tr[data-host-id="${DOWN}"]`);
    const status = row.locator('td.status');
    expect(await status.textContent()).toBe('offline');
    expect(await row.textContent()).toMatch(/last seen (just now|\d+ s ago)/);
    expect(await status.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    expect(await style(status, 'color')).toBe(await colourOf(page, 'var(--bad)'));
    expect(await row.locator('[data-col="cpu"]').count()).toBe(0);
    expect(await style(row, 'opacity')).toBe('1');
    await page.screenshot({ path: `${ARTIFACTS}down-host-table.png` });
  });

  test('puts the number of firing alerts in the page title', async ({ hub, page }) => {
    await openOverview(page, `${hub.url}/#/`);
    await expect.poll(() => page.title()).toBe('(2) hostpulse');
    await page.goto(`${hub.url}/#/host/${UP}`);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toMatch(/^\(2\) .* · hostpulse$/);
  });
});
