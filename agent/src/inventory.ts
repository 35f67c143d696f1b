import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';
import { parseOsRelease } from './os-release.js';
import { parseCpuinfo } from './procfs/cpuinfo.js';
import { parseMeminfo } from './procfs/meminfo.js';
import { loadSystemInformation } from './collectors/si-import.js';

const cut = (text: string | undefined, max: number) => (text ?? '').slice(0, max);

/** Where the Linux inventory is read; tests point these at fixtures. */
export interface InventoryFiles {
  procRoot?: string;
  /** os-release(5) files, the first readable one wins. */
  osReleasePaths?: readonly string[];
}

/** What Node's os module knows, true on every platform: the base every source improves on. */
function osInventory(agentVersion: string): Inventory {
  const cpus = os.cpus();
  return {
    hostname: cut(os.hostname(), 256) || 'unknown',
    platform: cut(os.platform(), 64),
    distro: '',
    release: '',
    kernel: cut(os.release(), 256),
    arch: cut(os.arch(), 64),
    cpuModel: cut(cpus[0]?.model.trim(), 256),
    cpuCores: cpus.length,
    cpuPhysicalCores: cpus.length,
    memTotalBytes: os.totalmem(),
    agentVersion: cut(agentVersion, 64),
  };
}

async function firstReadable(paths: readonly string[]): Promise<string> {
  for (const path of paths) {
    try {
      return await readFile(path, 'utf8');
    } catch {
      // The next candidate; os-release(5) names /usr/lib/os-release as the fallback.
    }
  }
  throw new Error(`none of ${paths.join(', ')} is readable`);
}

/**
 * The Linux inventory from /proc/cpuinfo, /proc/meminfo and os-release: a few file
 * reads, no child process. Each file that cannot be read leaves the os module's value
 * (or an empty distro) and one warning.
 */
export async function readLinuxInventory(
  agentVersion: string,
  log: Logger,
  { procRoot = '/proc', osReleasePaths = ['/etc/os-release', '/usr/lib/os-release'] }: InventoryFiles = {},
): Promise<Inventory> {
  const inventory = osInventory(agentVersion);
  const [cpuinfo, meminfo, osRelease] = await Promise.allSettled([
    readFile(join(procRoot, 'cpuinfo'), 'utf8').then(parseCpuinfo),
    readFile(join(procRoot, 'meminfo'), 'utf8').then(parseMeminfo),
    firstReadable(osReleasePaths).then(parseOsRelease),
  ]);
  if (cpuinfo.status === 'fulfilled') {
    inventory.cpuModel = cut(cpuinfo.value.model, 256) || inventory.cpuModel;
    inventory.cpuCores = cpuinfo.value.logicalCores;
    inventory.cpuPhysicalCores = cpuinfo.value.physicalCores;
  }
  if (meminfo.status === 'fulfilled') inventory.memTotalBytes = meminfo.value.totalBytes;
  if (osRelease.status === 'fulfilled') {
    inventory.distro = cut(osRelease.value.distro, 256);
    inventory.release = cut(osRelease.value.release, 256);
  }
  for (const [source, result] of [['cpuinfo', cpuinfo], ['meminfo', meminfo], ['os-release', osRelease]] as const) {
    if (result.status === 'rejected') log.warn('inventory source unreadable', { source, error: (result.reason as Error).message });
  }
  return inventory;
}

/** Elsewhere systeminformation names the OS release and CPU model; where it fails, the os module's values stand. */
async function readSystemInformationInventory(agentVersion: string, log: Logger): Promise<Inventory> {
  const base = osInventory(agentVersion);
  try {
    const si = await loadSystemInformation();
    const [osInfo, cpu] = await Promise.all([si.osInfo(), si.cpu()]);
    const model = [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim();
    return {
      ...base,
      distro: cut(osInfo.distro, 256),
      release: cut(osInfo.release, 256),
      kernel: cut(osInfo.kernel, 256) || base.kernel,
      cpuModel: cut(model, 256) || base.cpuModel,
      cpuCores: cpu.cores || base.cpuCores,
      cpuPhysicalCores: cpu.physicalCores || base.cpuPhysicalCores,
    };
  } catch (err) {
    log.warn('inventory from systeminformation failed, using os module', { error: (err as Error).message });
    return base;
  }
}

/** What this host is, for the hello. */
export function readInventory(agentVersion: string, log: Logger): Promise<Inventory> {
  return process.platform === 'linux' ? readLinuxInventory(agentVersion, log) : readSystemInformationInventory(agentVersion, log);
}
