import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Temperature } from '@hostpulse/protocol';
import { isPlausibleCelsius, MAX_ROWS, type Collector } from './collector.js';
import { TEMPS_EVERY_MS } from './si-slow.js';

const readText = async (path: string): Promise<string | undefined> => {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined;
  }
};

const entries = async (dir: string): Promise<string[]> => {
  try {
    return (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return [];
  }
};

/** One reading in millidegrees, as sysfs gives them, in °C; undefined when missing or implausible. */
const celsiusOf = (text: string | undefined): number | undefined => {
  const celsius = Number(text) / 1000;
  return text !== undefined && text !== '' && isPlausibleCelsius(celsius) ? celsius : undefined;
};

/**
 * Labels made unique as the hub requires (it refuses a sample naming one sensor twice):
 * "#2", "#3" after a label seen before, such as two disks of one model or two zones of one type.
 */
function uniqueLabels(temps: readonly Temperature[]): Temperature[] {
  const seen = new Map<string, number>();
  return temps.map(({ label, celsius }) => {
    const count = (seen.get(label) ?? 0) + 1;
    seen.set(label, count);
    return { label: count === 1 ? label : `${label} #${count}`, celsius };
  });
}

/** Every hwmon temperature, labelled "<chip> <label>" ("coretemp Core 0", "nvme Composite"), or "<chip> temp<n>" for an unlabelled sensor. */
export async function readHwmonTemperatures(sysRoot: string): Promise<Temperature[]> {
  const base = join(sysRoot, 'class/hwmon');
  const result: Temperature[] = [];
  for (const hwmon of await entries(base)) {
    const dir = join(base, hwmon);
    const chip = (await readText(join(dir, 'name'))) || hwmon;
    for (const file of await entries(dir)) {
      const sensor = /^(temp\d+)_input$/.exec(file)?.[1];
      if (!sensor) continue;
      const celsius = celsiusOf(await readText(join(dir, file)));
      if (celsius !== undefined) result.push({ label: `${chip} ${(await readText(join(dir, `${sensor}_label`))) || sensor}`, celsius });
    }
  }
  return result;
}

/** Thermal zones ("x86_pkg_temp", "cpu-thermal"), for hosts whose kernel lists no hwmon sensor. */
export async function readThermalZones(sysRoot: string): Promise<Temperature[]> {
  const base = join(sysRoot, 'class/thermal');
  const result: Temperature[] = [];
  for (const zone of (await entries(base)).filter((name) => name.startsWith('thermal_zone'))) {
    const celsius = celsiusOf(await readText(join(base, zone, 'temp')));
    if (celsius !== undefined) result.push({ label: (await readText(join(base, zone, 'type'))) || zone, celsius });
  }
  return result;
}

/**
 * Temperatures on Linux from sysfs, no child process: hwmon, else thermal zones (most
 * zones are also hwmon devices, so reading both would list a sensor twice). A host
 * without sensors (most virtual machines) leaves temps out of its samples.
 */
export function createLinuxTempsCollector({ sysRoot = '/sys' }: { sysRoot?: string } = {}): Collector {
  return {
    name: 'sysfs-temps',
    provides: ['temps'],
    everyMs: TEMPS_EVERY_MS,
    async collect() {
      const hwmon = await readHwmonTemperatures(sysRoot);
      const temps = uniqueLabels(hwmon.length > 0 ? hwmon : await readThermalZones(sysRoot));
      return temps.length > 0 ? { temps: temps.slice(0, MAX_ROWS) } : {};
    },
  };
}
