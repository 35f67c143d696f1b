import { describe, expect, it } from 'vitest';
import { ADDITIVE_SAMPLE_FIELDS, type Sample } from '@hostpulse/protocol';
import { makeSample } from '@hostpulse/testkit/samples';
import { frameForHub } from './additive-fields.js';

describe('frameForHub', () => {
  const older = makeSample('h', 'run-1', 1);
  // As this agent sends it: drops and inTotal on every interface, inTotal on every device.
  const newer: Sample = {
    ...older,
    net: older.net.map((n) => ({ ...n, rxDroppedPerSec: 1, txDroppedPerSec: 2, inTotal: n.name === 'eth0' })),
    disk: older.disk.map((d) => ({ ...d, inTotal: true })),
  };
  const frame = JSON.stringify({ type: 'sample', sample: newer });

  it("leaves out interfaces' drops and inTotal and devices' inTotal for a hub whose welcome does not list them", () => {
    expect(JSON.parse(frameForHub(frame, new Set(['processes', 'fs.availableBytes'])))).toEqual({ type: 'sample', sample: older });
  });

  it('sends the frame as it is to a hub that lists them all', () => {
    expect(frameForHub(frame, new Set(ADDITIVE_SAMPLE_FIELDS))).toBe(frame);
  });
});
