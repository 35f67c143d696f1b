import { execFileSync } from 'node:child_process';
import { describe, expect } from 'vitest';
import { ARTIFACTS, testWithAgent } from './fixtures.js';

/** df's used percent of `/` before rounding: used / (used + available). */
function dfRootPct(): number {
  const [, row = ''] = execFileSync('df', ['-B1', '--output=used,avail', '/'], { encoding: 'utf8' }).split('\n');
  const [used, avail] = row.trim().split(/\s+/).map(Number) as [number, number];
  return (used / (used + avail)) * 100;
}

describe('filesystem bars against a real hub and agent', () => {
  testWithAgent('show the root filesystem’s used percent as df counts it, and its available space', async ({ hub, page }) => {
    await page.goto(`${hub.url}/`);
    await page.locator('[data-host-id]').first().click();
    const root = page.getByRole('meter', { name: '/ used', exact: true });
    await root.waitFor({ timeout: 15_000 });
    const shown = Number(await root.getAttribute('aria-valuenow'));
    // The root filesystem moves while other work writes to it: within a point of df.
    expect(Math.abs(shown - dfRootPct())).toBeLessThanOrEqual(1);
    const row = page.locator('figure[aria-label="Filesystem usage"] li', { has: root });
    expect(await row.textContent()).toMatch(/ available of /);
    await row.screenshot({ path: `${ARTIFACTS}filesystem-root.png` });
  });
});
