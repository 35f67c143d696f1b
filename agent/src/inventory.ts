import os from 'node:os';
import si from 'systeminformation';
import type { Inventory, Tags } from '@hostpulse/protocol';
import type { Logger } from '@hostpulse/common';

const cut = (text: string | undefined, max: number) => (text ?? '').slice(0, max);

/**
 * What this host is, for the hello, with the tags from --tags (left out when none).
 * systeminformation names the distro and CPU model; where it fails, Node's os
 * module still gives every field a true value.
 */
export async function readInventory(agentVersion: string, tags: Readonly<Tags>, log: Logger): Promise<Inventory> {
  const cpus = os.cpus();
  const base: Inventory = {
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
    ...(Object.keys(tags).length > 0 ? { tags: { ...tags } } : {}),
  };
  try {
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
