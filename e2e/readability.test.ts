import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

// A rule that fires at once on the real agent's host, so the Alerts page has links to show.
const test = testWithAgent.extend('token', { scope: 'file' }, 'e2e-readability-token').extend('hubArgs', { scope: 'file' }, async ({}, { onCleanup }) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hostpulse-e2e-readability-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'alerts.json'), JSON.stringify({ rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold: -1, for: '1s', severity: 'critical' }] }));
  return ['--alerts-file', path.join(dir, 'alerts.json')];
});

/** WCAG AA for normal text. */
const AA_RATIO = 4.5;

/**
 * Every text inside a link on the page, with its colour's contrast ratio (WCAG 2) against
 * what is behind it: the element's own background and its ancestors', composited.
 */
function linkContrasts(): { text: string; ratio: number }[] {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
    return [r, g, b, a];
  };
  const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + under[i]! * (1 - top[3])).concat(1) as Rgba;
  const backdrop = (element: Element | null): Rgba => {
    if (element === null) return [255, 255, 255, 1];
    const own = parse(getComputedStyle(element).backgroundColor);
    return own[3] >= 1 ? own : over(own, backdrop(element.parentElement));
  };
  const luminance = ([r, g, b]: Rgba): number => {
    const lin = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const elements = [...document.querySelectorAll('a, a *')].filter((element) => [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim() !== ''));
  return elements.map((element) => {
    const behind = backdrop(element);
    const [light, dark] = [luminance(over(parse(getComputedStyle(element).color), behind)), luminance(behind)].sort((a, b) => b - a) as [number, number];
    return { text: element.textContent!.trim(), ratio: Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100 };
  });
}

describe('readable on a phone and in dark mode', () => {
  test('the Compare page fits a 390 px wide phone without scrolling sideways', async ({ hub, browser }) => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await page.goto(`${hub.url}/#/compare`);
      await page.getByRole('table', { name: 'Latest figures' }).waitFor({ timeout: 10_000 });
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, clientWidth: document.scrollingElement!.clientWidth }));
      await page.screenshot({ path: `${ARTIFACTS}compare-390.png` });
      expect(scrollWidth, `page ${scrollWidth} px wide in a ${clientWidth} px viewport`).toBeLessThanOrEqual(clientWidth);
    } finally {
      await page.close();
    }
  });

  test('links on the Alerts page keep 4.5:1 contrast in dark mode', async ({ hub, browser }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    try {
      await page.goto(`${hub.url}/#/alerts`);
      await page.locator('table[data-table="current"] tr[data-state="firing"] a').waitFor({ timeout: 20_000 });
      await page.locator('nav [data-firing-count]').waitFor();
      const contrasts = await page.evaluate(linkContrasts);
      await page.screenshot({ path: `${ARTIFACTS}alerts-dark.png` });
      console.log('link contrast in dark mode:', JSON.stringify(contrasts));
      expect(contrasts.length).toBeGreaterThanOrEqual(4);
      expect(contrasts.filter(({ ratio }) => ratio < AA_RATIO)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
