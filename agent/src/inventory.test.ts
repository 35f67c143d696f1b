import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValid } from '@hostpulse/protocol/validate';
import type { Logger, LogFields } from '@hostpulse/common';
import { readLinuxInventory } from './inventory.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function recordingLog(): Logger & { warnings: [string, LogFields | undefined][] } {
  const warnings: [string, LogFields | undefined][] = [];
  return { warnings, debug() {}, info() {}, warn: (msg, fields) => void warnings.push([msg, fields]), error() {} };
}

let proc: string;
beforeEach(() => {
  proc = mkdtempSync(join(os.tmpdir(), 'hostpulse-inventory-'));
});
afterEach(() => rmSync(proc, { recursive: true, force: true }));

describe('readLinuxInventory', () => {
  it('takes the CPU from cpuinfo, memory from meminfo and the distro from os-release', async () => {
    copyFileSync(fixture('linux-6.6-arm64-rpi4-cpuinfo.txt'), join(proc, 'cpuinfo'));
    copyFileSync(fixture('linux-6.18-meminfo.txt'), join(proc, 'meminfo'));
    const log = recordingLog();
    const inventory = await readLinuxInventory('1.2.3', log, { procRoot: proc, osReleasePaths: [join(proc, 'missing'), fixture('alpine-3.20-os-release.txt')] });
    expect(inventory).toMatchObject({
      distro: 'Alpine Linux',
      release: '3.20.3',
      cpuModel: 'ARM Cortex-A72 (Raspberry Pi 4 Model B Rev 1.4)',
      cpuCores: 4,
      cpuPhysicalCores: 4,
      memTotalBytes: 24684092 * 1024,
      agentVersion: '1.2.3',
      kernel: os.release(),
      hostname: os.hostname(),
    });
    expect(isValid('Inventory', inventory)).toBe(true);
    expect(log.warnings).toEqual([]);
  });

  it("keeps the os module's values and warns once per file it cannot read", async () => {
    const log = recordingLog();
    const inventory = await readLinuxInventory('1.2.3', log, { procRoot: proc, osReleasePaths: [join(proc, 'missing')] });
    expect(inventory).toMatchObject({ distro: '', release: '', cpuCores: os.cpus().length, memTotalBytes: os.totalmem() });
    expect(isValid('Inventory', inventory)).toBe(true);
    expect(log.warnings.map(([, fields]) => fields?.['source'])).toEqual(['cpuinfo', 'meminfo', 'os-release']);
  });

  it('reads this machine as it is', async () => {
    const inventory = await readLinuxInventory('1.2.3', recordingLog());
    expect(inventory.cpuCores).toBe(os.cpus().length);
    expect(inventory.cpuModel).not.toBe('');
    expect(inventory.memTotalBytes).toBe(os.totalmem());
    expect(inventory.distro).not.toBe('');
  });
});
