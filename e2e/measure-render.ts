import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { HubStats } from '@hostpulse/protocol';
import { expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { startSimAgents } from '@hostpulse/testkit/sim-agents';

// Rendering figures for the closing note, not a test condition: main-thread time per
// update with 50 hosts at 1 Hz, and with 500 in the overview's table mode, read from
// Chromium's Performance domain over 30 s.
const HOSTS = 50;
const FLEET_HOSTS = 500;
const MEASURE_MS = 30_000;
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const DASHBOARD_DIST = fileURLToPath(new URL('../dashboard/dist', import.meta.url));

interface Figures {
  scenario: string;
  seconds: number;
  /** Messages (push) or HTTP responses with a body (poll) the hub sent this page per second. */
  framesPerSec: number;
  /** Main-thread time per second; the hosts report once a second, so this is per update. */
  taskMsPerSec: number;
  scriptMsPerSec: number;
  layoutMsPerSec: number;
  styleMsPerSec: number;
  /** Main-thread time per message or response received. */
  taskMsPerFrame: number;
  heapMiB: number;
}

async function measure(page: Page, scenario: string, hubUrl: string): Promise<Figures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async (): Promise<Record<string, number>> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  // Let the page settle (charts created, history loaded) before measuring.
  await page.waitForTimeout(5000);
  const framesNow = async (): Promise<number> => {
    const stats = (await (await fetch(`${hubUrl}/api/stats`)).json()) as HubStats;
    return stats.transports.push.totals.frames + stats.transports.poll.totals.frames;
  };
  const framesBefore = await framesNow();
  const before = await read();
  await page.waitForTimeout(MEASURE_MS);
  const after = await read();
  // Less the one /api/stats answer of this reader itself.
  const frames = (await framesNow()) - framesBefore - 1;
  const seconds = (after['Timestamp']! - before['Timestamp']!) || MEASURE_MS / 1000;
  const perSecMs = (name: string): number => ((after[name]! - before[name]!) * 1000) / seconds;
  await cdp.detach();
  return {
    scenario,
    seconds: Math.round(seconds),
    framesPerSec: frames / seconds,
    taskMsPerSec: perSecMs('TaskDuration'),
    scriptMsPerSec: perSecMs('ScriptDuration'),
    layoutMsPerSec: perSecMs('LayoutDuration'),
    styleMsPerSec: perSecMs('RecalcStyleDuration'),
    taskMsPerFrame: (perSecMs('TaskDuration') * seconds) / Math.max(1, frames),
    heapMiB: after['JSHeapUsedSize']! / 1024 / 1024,
  };
}

/** Runs `measureAll` against a hub with `hosts` simulated hosts and a Chromium, stopping all three after. */
async function withSimHosts(hosts: number, measureAll: (hubUrl: string, browser: Browser) => Promise<void>): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const token = 'measure-token';
  const hub = await startHubProcess(['--agent-token', token]);
  const agents = await startSimAgents(hub.url, token, hosts);
  const browser = await launchChromium();
  try {
    await measureAll(hub.url, browser);
  } finally {
    await browser.close();
    agents.stop();
    await hub.stop();
  }
}

it('measures main-thread time per update with 50 hosts', async () => {
  const results: Figures[] = [];
  await withSimHosts(HOSTS, async (hubUrl, browser) => {
    const scenarios: [string, string][] = [
      ['overview, 50 cards, push', '/?mode=push#/'],
      ['host detail (5 min) + 50-host overview state, push', '/?mode=push#/host/sim-007'],
      ['host detail (5 min) + 50-host overview state, poll 1 s', '/?mode=poll&interval=1000#/host/sim-007'],
    ];
    for (const [scenario, path] of scenarios) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${hubUrl}${path}`);
      await page.locator(path.includes('/host/') ? 'canvas[data-points]' : '[data-host-id]').first().waitFor({ timeout: 15_000 });
      results.push(await measure(page, scenario, hubUrl));
      if (scenario.startsWith('overview')) {
        expect(await page.locator('[data-host-id]').count()).toBe(HOSTS);
        await page.screenshot({ path: `${ARTIFACTS}overview-50-hosts.png`, fullPage: true });
      }
      await page.close();
    }
  });
  const gzipBytes = Number(execSync(`cat ${DASHBOARD_DIST}/assets/*.js | gzip -c | wc -c`).toString().trim());
  const report = { hosts: HOSTS, gzipJsBytes: gzipBytes, results };
  writeFileSync(`${ARTIFACTS}render-figures.json`, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  expect(results).toHaveLength(3);
});

it('measures main-thread time per second with 500 hosts in table mode', async () => {
  const results: Figures[] = [];
  await withSimHosts(FLEET_HOSTS, async (hubUrl, browser) => {
    // By name the rows hold still; by CPU they also re-order once a second, the heavier case.
    for (const sortBy of ['name', 'cpu'] as const) {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${hubUrl}/?mode=push&view=table#/`);
      await page.locator('tr[data-host-id]').first().waitFor({ timeout: 30_000 });
      if (sortBy === 'cpu') await page.getByRole('button', { name: 'CPU', exact: true }).click();
      results.push(await measure(page, `overview table, ${FLEET_HOSTS} hosts, push, sorted by ${sortBy}`, hubUrl));
      // The table draws only the rows in view; it counts them all for assistive technology.
      expect(await page.locator('table.fleet').getAttribute('aria-rowcount')).toBe(String(FLEET_HOSTS + 1));
      await page.screenshot({ path: `${ARTIFACTS}table-${FLEET_HOSTS}-hosts-by-${sortBy}.png` });
      await page.close();
    }
  });
  const report = { hosts: FLEET_HOSTS, results };
  writeFileSync(`${ARTIFACTS}render-figures-${FLEET_HOSTS}.json`, JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  expect(results).toHaveLength(2);
});
