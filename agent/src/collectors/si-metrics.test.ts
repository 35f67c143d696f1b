import { describe, expect, it } from 'vitest';
import { createLogger } from '@hostpulse/common';
import { isValid } from '@hostpulse/protocol/validate';
import { Sampler } from '../sampler.js';
import { loadSystemInformation } from './si-import.js';
import { createSystemInformationCollectors } from './si-metrics.js';

describe('systeminformation collectors (the macOS and Windows path)', () => {
  it('fill every required field of a valid sample (run here on Linux, where systeminformation also works)', async () => {
    const sampler = new Sampler({
      hostId: 'si-host',
      runId: 'run-si',
      intervalMs: 1000,
      collectors: createSystemInformationCollectors(await loadSystemInformation()),
      log: createLogger('agent', 'error'),
      onSample: () => {},
    });
    await sampler.start();
    sampler.stop();
    const sample = await sampler.tick();
    expect(isValid('Sample', sample)).toBe(true);
    expect(sample!.cpu.cores.length).toBeGreaterThan(0);
    expect(sample!.processCount).toBeGreaterThan(0);
  }, 20_000);
});
