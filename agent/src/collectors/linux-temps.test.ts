import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLinuxTempsCollector } from './linux-temps.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hostpulse-sysfs-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes sysfs-like files under the temporary root: { 'class/hwmon/hwmon0/name': 'coretemp' }. */
function sysfs(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  }
}

describe('createLinuxTempsCollector', () => {
  it('reads hwmon sensors in order, labelled by chip and sensor, in °C', async () => {
    sysfs({
      'class/hwmon/hwmon10/name': 'nvme',
      'class/hwmon/hwmon10/temp1_input': '38850',
      'class/hwmon/hwmon10/temp1_label': 'Composite',
      'class/hwmon/hwmon2/name': 'coretemp',
      'class/hwmon/hwmon2/temp1_input': '52000',
      'class/hwmon/hwmon2/temp1_label': 'Package id 0',
      'class/hwmon/hwmon2/temp10_input': '49000',
      'class/hwmon/hwmon2/temp10_label': 'Core 8',
      'class/hwmon/hwmon2/temp2_input': '50000',
      'class/hwmon/hwmon2/temp2_label': 'Core 0',
      'class/hwmon/hwmon3/name': 'acpitz',
      'class/hwmon/hwmon3/temp1_input': '27800',
      // A zone the kernel also lists as hwmon3: thermal zones are read only without hwmon.
      'class/thermal/thermal_zone0/type': 'acpitz',
      'class/thermal/thermal_zone0/temp': '27800',
    });
    expect(await createLinuxTempsCollector({ sysRoot: root }).collect()).toEqual({
      temps: [
        { label: 'coretemp Package id 0', celsius: 52 },
        { label: 'coretemp Core 0', celsius: 50 },
        { label: 'coretemp Core 8', celsius: 49 },
        { label: 'acpitz temp1', celsius: 27.8 },
        { label: 'nvme Composite', celsius: 38.85 },
      ],
    });
  });

  it('numbers a repeated label and drops missing or implausible readings', async () => {
    sysfs({
      'class/hwmon/hwmon0/name': 'nvme',
      'class/hwmon/hwmon0/temp1_input': '40000',
      'class/hwmon/hwmon0/temp1_label': 'Composite',
      'class/hwmon/hwmon0/temp2_input': '-273000',
      'class/hwmon/hwmon1/name': 'nvme',
      'class/hwmon/hwmon1/temp1_input': '41000',
      'class/hwmon/hwmon1/temp1_label': 'Composite',
      'class/hwmon/hwmon1/temp2_input': '',
    });
    expect(await createLinuxTempsCollector({ sysRoot: root }).collect()).toEqual({
      temps: [
        { label: 'nvme Composite', celsius: 40 },
        { label: 'nvme Composite #2', celsius: 41 },
      ],
    });
  });

  it('falls back to thermal zones where hwmon has no sensor (a Raspberry Pi on an old kernel), numbering a repeated type', async () => {
    sysfs({
      'class/hwmon/hwmon0/name': 'rpi_volt',
      'class/thermal/thermal_zone0/type': 'cpu-thermal',
      'class/thermal/thermal_zone0/temp': '47236',
      'class/thermal/thermal_zone1/type': 'acpitz',
      'class/thermal/thermal_zone1/temp': '30000',
      'class/thermal/thermal_zone2/type': 'acpitz',
      'class/thermal/thermal_zone2/temp': '31000',
    });
    const sample = await createLinuxTempsCollector({ sysRoot: root }).collect();
    expect(sample).toEqual({
      temps: [
        { label: 'cpu-thermal', celsius: 47.236 },
        { label: 'acpitz', celsius: 30 },
        { label: 'acpitz #2', celsius: 31 },
      ],
    });
  });

  it('leaves temps out on a host with neither (a virtual machine)', async () => {
    expect(await createLinuxTempsCollector({ sysRoot: root }).collect()).toEqual({});
  });
});
