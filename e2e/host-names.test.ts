import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { startConnectedAgent } from '@hostpulse/testkit/agent-process';
import type { Child } from '@hostpulse/testkit/child';
import { ARTIFACTS, test as base } from './fixtures.js';

// Three real agents on this machine, so all with its hostname, told apart by --host-id.
const IDS = ['web-1', 'web-2', 'web-3'] as const;
const ADMIN = 'names-e2e-admin';
const SHOTS = '/tmp/shots-i22b/';
mkdirSync(SHOTS, { recursive: true });

const test = base.extend('hubArgs', { scope: 'file' }, ['--admin-token', ADMIN, '--lab']).extend('agents', { scope: 'file', auto: true }, async ({ hub, token }, { onCleanup }) => {
  const agents = new Map<string, Child>();
  for (const id of IDS) agents.set(id, await startConnectedAgent(hub.url, token, ['--host-id', id]));
  onCleanup(async () => void (await Promise.all([...agents.values()].map((agent) => agent.stop()))));
  return agents;
});

/** What a host's name reads on screen inside `scope`: [main, aside]. */
async function shownName(page: Page, scope: string, hostId: string): Promise<[string, string]> {
  const name = page.locator(`${scope} [data-host-name="${hostId}"]`).first();
  const aside = name.locator('.aside');
  return [(await name.locator('.main').textContent()) ?? '', (await aside.count()) > 0 ? ((await aside.textContent()) ?? '') : ''];
}

describe('hosts with the same hostname', () => {
  test('are told apart by their ids on the cards, the table and the load lab, with the hostname beside', async ({ hub, page }) => {
    await page.goto(`${hub.url}/#/`);
    await expect.poll(() => page.locator('a.card[data-host-id] .big').count(), { timeout: 15_000 }).toBe(IDS.length);
    for (const id of IDS) expect(await shownName(page, `a.card[data-host-id="${id}"]`, id)).toEqual([id, hostname()]);
    await page.screenshot({ path: `${ARTIFACTS}names-cards.png` });
    await page.screenshot({ path: `${SHOTS}names-cards.png` });

    // The search box finds a host by the id it shows.
    await page.getByRole('searchbox').fill('web-2');
    await expect.poll(() => page.locator('a.card[data-host-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-host-id')))).toEqual(['web-2']);

    await page.goto(`${hub.url}/?view=table#/`);
    await expect.poll(() => page.locator('tr[data-host-id] [data-col="cpu"]').count(), { timeout: 15_000 }).toBe(IDS.length);
    for (const id of IDS) expect(await shownName(page, `tr[data-host-id="${id}"]`, id)).toEqual([id, hostname()]);
    await page.screenshot({ path: `${SHOTS}names-table.png` });

    await page.goto(`${hub.url}/#/compare`);
    const options = page.getByRole('combobox', { name: 'Watching' }).locator('option');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(IDS.length + 1);
    expect(await options.allTextContents()).toEqual(['the overview', ...IDS.map((id) => `host ${id} (${hostname()})`)]);
  });

  test('are told apart on the Alerts page and in the delete dialog, and a name given on the host page shows first everywhere, with the id beside', async ({ hub, page, agents }) => {
    // An admin link: the token goes into this tab and leaves the address.
    await page.goto(`${hub.url}/#admin=${ADMIN}`);
    await expect.poll(() => page.url()).toBe(`${hub.url}/`);

    await page.goto(`${hub.url}/#/host/web-1`);
    await page.getByRole('button', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: /Name/ });
    expect(await rename.getByLabel(/Admin token/).inputValue()).toBe(ADMIN);
    await rename.getByLabel('Display name').fill('zeta shop');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => shownName(page, 'h1', 'web-1'), { timeout: 10_000 }).toEqual(['zeta shop', 'web-1']);
    await page.screenshot({ path: `${SHOTS}names-host-page.png` });

    await page.goto(`${hub.url}/#/`);
    await expect.poll(() => shownName(page, 'a.card[data-host-id="web-1"]', 'web-1'), { timeout: 10_000 }).toEqual(['zeta shop', 'web-1']);
    // Sorted by what is shown: "zeta shop" after the two ids starting with "web".
    await expect.poll(() => page.locator('a.card[data-host-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-host-id')))).toEqual(['web-2', 'web-3', 'web-1']);
    await page.screenshot({ path: `${SHOTS}names-cards-renamed.png` });

    await agents.get('web-3')!.stop();
    await page.goto(`${hub.url}/#/host/web-3`);
    await expect.poll(() => page.locator('.toolbar .status').textContent(), { timeout: 15_000 }).toMatch(/offline/);
    // Its host-offline alert, pending for a minute, names it the same way on the Alerts page.
    await page.goto(`${hub.url}/#/alerts`);
    await expect.poll(() => shownName(page, '.alerts', 'web-3'), { timeout: 10_000 }).toEqual(['web-3', hostname()]);
    await page.goto(`${hub.url}/#/host/web-3`);
    await page.getByRole('button', { name: 'Delete host' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete/ });
    expect(await shownName(page, 'dialog[open]', 'web-3')).toEqual(['web-3', hostname()]);
    await page.screenshot({ path: `${SHOTS}names-delete-dialog.png` });
    await dialog.getByRole('button', { name: 'Delete host' }).click();
    await expect.poll(() => page.locator('a.card[data-host-id]').count(), { timeout: 10_000 }).toBe(2);
    expect((await fetch(`${hub.url}/api/hosts/web-3`)).status).toBe(404);
  });
});
