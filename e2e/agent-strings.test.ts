import { describe, expect } from 'vitest';
import { AGENT_PATH } from '@hostpulse/protocol';
import { makeHello, makeProcessTable, makeSample } from '@hostpulse/testkit/samples';
import { TestSocket } from '@hostpulse/testkit/test-socket';
import { ARTIFACTS, test as base } from './fixtures.js';

// An agent's strings are the agent's to choose; the page they land on is not. U+202E
// (right-to-left override) in `distro` once reversed the rest of the inventory line, and
// control characters reached the page as they came.
const RLO = '\u202E';
const test = base.extend('token', { scope: 'file' }, 'strings-token');

describe('strings an agent sends', () => {
  test('are drawn with their control and bidirectional formatting characters shown as U+FFFD, and nothing reordered', async ({ hub, token, page }) => {
    const hostId = 'bidi-host';
    const socket = await TestSocket.open(`${hub.url.replace(/^http/, 'ws')}${AGENT_PATH}`, { Authorization: `Bearer ${token}` });
    const hello = makeHello(hostId, 'run-1');
    hello.inventory.hostname = `evil${RLO}moc.elpmaxe`;
    hello.inventory.distro = `Debian${RLO} GNU/Linux`;
    hello.inventory.kernel = '6.1.0\u001b[31m';
    socket.send(hello);
    await socket.next((m) => m.type === 'welcome');
    const sample = makeSample(hostId, 'run-1', 1);
    sample.fs = [{ mount: `/srv${RLO}atad`, fsType: 'ext4', sizeBytes: 1e9, usedBytes: 5e8 }];
    socket.send({ type: 'sample', sample });
    const table = makeProcessTable(hostId, 'run-1');
    table.processes[0]!.command = `sleep ${RLO}9999\u0007`;
    socket.send({ type: 'processes', table });

    await page.goto(`${hub.url}/#/host/${hostId}`);
    const inventory = page.locator('p.inventory');
    await expect.poll(() => inventory.textContent(), { timeout: 10_000 }).toContain('kernel');
    const line = (await inventory.textContent())!.replace(/\s+/g, ' ').trim();
    expect(line).toMatch(/^Debian\uFFFD GNU\/Linux 12 · kernel 6\.1\.0\uFFFD\[31m · x64 · Test CPU \(2 threads\)/);
    // The header names the host by its id, with the hostname beside it.
    expect(await page.locator('h1 .aside').textContent()).toBe('evil\uFFFDmoc.elpmaxe');
    await expect.poll(() => page.locator('.mount').first().textContent(), { timeout: 10_000 }).toBe('/srv\uFFFDatad');
    await expect.poll(() => page.locator('td.cmd').first().textContent(), { timeout: 10_000 }).toBe('sleep \uFFFD9999\uFFFD');
    const drawn = await page.evaluate(() => document.body.innerText);
    expect(drawn).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    await page.screenshot({ path: `${ARTIFACTS}agent-strings.png` });
    socket.close();
  });
});
