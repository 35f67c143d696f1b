import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpuinfo } from './cpuinfo.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseCpuinfo', () => {
  it("reads this machine's 6.18 x86 text: model name, 2 CPUs on 2 cores", () => {
    expect(parseCpuinfo(fixture('linux-6.18-cpuinfo.txt'))).toEqual({ model: 'AMD EPYC', logicalCores: 2, physicalCores: 2 });
  });

  it('counts hyperthreads once as physical cores (4 threads on 2 cores)', () => {
    expect(parseCpuinfo(fixture('linux-4.18-x86-ht-cpuinfo.txt'))).toEqual({
      model: 'Intel(R) Core(TM) i5-7200U CPU @ 2.50GHz',
      logicalCores: 4,
      physicalCores: 2,
    });
  });

  it('names the ARM core and the board on a Raspberry Pi, which has no model name or core ids', () => {
    expect(parseCpuinfo(fixture('linux-6.6-arm64-rpi4-cpuinfo.txt'))).toEqual({
      model: 'ARM Cortex-A72 (Raspberry Pi 4 Model B Rev 1.4)',
      logicalCores: 4,
      physicalCores: 4,
    });
  });

  it('names the core alone on an ARM server without a board model', () => {
    expect(parseCpuinfo(fixture('linux-5.15-arm64-n1-cpuinfo.txt')).model).toBe('ARM Neoverse-N1');
  });

  it('prints codes for an ARM part it does not know', () => {
    const text = 'processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xfff\n\nprocessor\t: 1\nCPU implementer\t: 0x41\nCPU part\t: 0xfff\n';
    expect(parseCpuinfo(text)).toEqual({ model: 'ARM part 0xfff', logicalCores: 2, physicalCores: 2 });
  });

  it('throws on text with no processor', () => {
    expect(() => parseCpuinfo('')).toThrow(/no processor/);
  });
});
