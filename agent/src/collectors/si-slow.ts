import type { Systeminformation } from 'systeminformation';
import type { Filesystem, Temperature } from '@hostpulse/protocol';
import { isPlausibleCelsius, MAX_ROWS, type Collector } from './collector.js';

/** Filesystem usage is sent this often; it changes slowly. */
export const FS_EVERY_MS = 30_000;

/** Temperatures are sent this often where the host has sensors. */
export const TEMPS_EVERY_MS = 10_000;

/** Filesystem usage per mount from systeminformation's fsSize, for macOS and Windows (Linux uses linux-fs.ts). */
export function createFsCollector(fsSize: () => Promise<Systeminformation.FsSizeData[]>): Collector {
  return {
    name: 'si-fs',
    provides: ['fs'],
    everyMs: FS_EVERY_MS,
    async collect() {
      const seen = new Set<string>();
      const fs: Filesystem[] = [];
      for (const entry of await fsSize()) {
        // A mount listed twice (bind mounts) is the same filesystem; sizes of 0 are pseudo-filesystems.
        if (!entry.mount || seen.has(entry.mount) || !(entry.size > 0)) continue;
        seen.add(entry.mount);
        fs.push({
          mount: entry.mount.slice(0, 256),
          fsType: (entry.type ?? '').slice(0, 64),
          sizeBytes: entry.size,
          usedBytes: Math.max(0, entry.used ?? 0),
          ...(Number.isFinite(entry.available) ? { availableBytes: Math.max(0, entry.available) } : {}),
        });
      }
      return { fs: fs.slice(0, MAX_ROWS) };
    },
  };
}

/** Temperatures from systeminformation's cpuTemperature, named cpu, core0.., socket0.., chipset. */
export function temperaturesOf(data: Systeminformation.CpuTemperatureData): Temperature[] {
  const result: Temperature[] = [];
  const add = (label: string, celsius: number | null | undefined) => {
    // systeminformation reports a missing sensor as null.
    if (isPlausibleCelsius(celsius)) result.push({ label, celsius });
  };
  add('cpu', data.main);
  data.cores?.forEach((c, i) => add(`core${i}`, c));
  data.socket?.forEach((c, i) => add(`socket${i}`, c));
  add('chipset', data.chipset);
  return result.slice(0, MAX_ROWS);
}

/**
 * Temperatures on macOS and Windows (Linux reads sysfs: linux-temps.ts), left out of
 * samples when the host has no sensors. A host without sensors does not grow any, so
 * after an empty first reading the collector stops asking.
 */
export function createTempsCollector(cpuTemperature: () => Promise<Systeminformation.CpuTemperatureData>): Collector {
  let hasSensors: boolean | undefined;
  return {
    name: 'si-temps',
    provides: ['temps'],
    everyMs: TEMPS_EVERY_MS,
    async collect() {
      if (hasSensors === false) return {};
      const temps = temperaturesOf(await cpuTemperature());
      hasSensors ??= temps.length > 0;
      return temps.length > 0 ? { temps } : {};
    },
  };
}
