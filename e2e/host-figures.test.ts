import { describe, expect } from 'vitest';
import { AGENT_PATH, type Sample } from '@hostpulse/protocol';
import { makeHello, makeSample } from '@hostpulse/testkit/samples';
import { TestSocket } from '@hostpulse/testkit/test-socket';
import { ARTIFACTS, test as base } from './fixtures.js';

// A host with no swap whose agent measured CPU modes per core, disk busy time and
// IOPS, NIC errors and drops: the host page shows each figure, and "n/a" for what
// does not exist (swap here, drops an interface's agent did not send).
const test = base.extend('token', { scope: 'file' }, 'figures-token');

/** A sample of a two-core host without swap, with figures a person can find on the page. */
function figuresSample(hostId: string, seq: number): Sample {
  const sample = makeSample(hostId, 'run-1', seq);
  sample.cpu = {
    total: { userPct: 41, systemPct: 12, iowaitPct: 7, stealPct: 3, idlePct: 37 },
    cores: [
      { userPct: 60, systemPct: 20, iowaitPct: 4, stealPct: 1, idlePct: 15 },
      { userPct: 22, systemPct: 4, iowaitPct: 10, stealPct: 5, idlePct: 59 },
    ],
  };
  sample.swap = { totalBytes: 0, usedBytes: 0 };
  sample.disk = [{ name: 'nvme0n1', readBytesPerSec: 4096, writeBytesPerSec: 8192, readOpsPerSec: 120, writeOpsPerSec: 2.5, busyPct: 63, inTotal: true }];
  sample.net = [
    { name: 'eth0', rxBytesPerSec: 1000, txBytesPerSec: 500, rxPacketsPerSec: 10, txPacketsPerSec: 5, rxErrorsPerSec: 1.5, txErrorsPerSec: 2, rxDroppedPerSec: 3, txDroppedPerSec: 40, inTotal: true },
    { name: 'docker0', rxBytesPerSec: 10, txBytesPerSec: 5, rxPacketsPerSec: 1, txPacketsPerSec: 1, rxErrorsPerSec: 0, txErrorsPerSec: 0, inTotal: false },
  ];
  return sample;
}

describe('host page figures', () => {
  test('show CPU by mode for the host and each core, disk busy and IOPS, NIC errors and drops, and swap n/a on a host without swap', async ({ hub, token, page }) => {
    const hostId = 'figures-1';
    const socket = await TestSocket.open(`${hub.url.replace(/^http/, 'ws')}${AGENT_PATH}`, { Authorization: `Bearer ${token}` });
    socket.send(makeHello(hostId, 'run-1'));
    await socket.next((m) => m.type === 'welcome');
    let seq = 0;
    const send = () => socket.send({ type: 'sample', sample: figuresSample(hostId, ++seq) });
    send();
    const timer = setInterval(send, 1000);
    try {
      await page.goto(`${hub.url}/#/host/${hostId}`);
      const cpu = page.getByRole('region', { name: 'CPU by mode' });
      const cell = (row: string, mode: string) => cpu.locator(`tr[data-cpu="${row}"] td[data-mode="${mode}"]`);
      await expect.poll(() => cell('All cores', 'user').textContent({ timeout: 1000 }).catch(() => 'absent'), { timeout: 15_000 }).toBe('41%');
      const modes = async (row: string) => Promise.all(['user', 'system', 'iowait', 'steal', 'idle'].map((m) => cell(row, m).textContent()));
      expect(await modes('All cores')).toEqual(['41%', '12%', '7.0%', '3.0%', '37%']);
      expect(await modes('Core 0')).toEqual(['60%', '20%', '4.0%', '1.0%', '15%']);
      expect(await modes('Core 1')).toEqual(['22%', '4.0%', '10%', '5.0%', '59%']);

      const devices = page.getByRole('region', { name: 'Swap, disks and interfaces' });
      expect((await devices.locator('[data-swap]').textContent())!.replace(/\s+/g, ' ').trim()).toBe('Swap: n/a (this host has no swap)');
      const disk = devices.locator('tr[data-disk="nvme0n1"]');
      expect(await disk.locator('td[data-col="busy"]').textContent()).toBe('63%');
      expect(await disk.locator('td[data-col="read-iops"]').textContent()).toBe('120');
      expect(await disk.locator('td[data-col="write-iops"]').textContent()).toBe('2.5');
      const nic = (name: string, col: string) => devices.locator(`tr[data-interface="${name}"] td[data-col="${col}"]`).textContent();
      expect(await Promise.all(['rx-errors', 'tx-errors', 'rx-drops', 'tx-drops', 'in-totals'].map((c) => nic('eth0', c)))).toEqual(['1.5', '2.0', '3.0', '40', 'yes']);
      expect(await Promise.all(['rx-drops', 'tx-drops', 'in-totals'].map((c) => nic('docker0', c)))).toEqual(['n/a', 'n/a', 'no']);

      // The memory chart's summary, read by screen readers, says the same.
      expect(await page.getByRole('img', { name: /^Memory and swap:/ }).getAttribute('aria-label')).toMatch(/, swap n\/a \(no swap\)$/);
      await page.screenshot({ path: `${ARTIFACTS}host-figures.png`, fullPage: true });

      // The overview's card and table row say the same of swap, not "0%".
      await page.goto(`${hub.url}/#/`);
      const swapOnCard = page.locator(`a.card[data-host-id="${hostId}"] .dt:text-is("swap") + .dd`);
      await expect.poll(() => swapOnCard.textContent({ timeout: 1000 }).catch(() => 'absent'), { timeout: 15_000 }).toBe('n/a');
      await page.goto(`${hub.url}/?view=table#/`);
      const swapInRow = page.locator(`tr[data-host-id="${hostId}"] td[data-col="swap"]`);
      await expect.poll(() => swapInRow.textContent({ timeout: 1000 }).catch(() => 'absent'), { timeout: 15_000 }).toBe('n/a');
    } finally {
      clearInterval(timer);
      socket.close();
    }
  });
});
