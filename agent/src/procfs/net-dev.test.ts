import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNetDev } from './net-dev.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseNetDev', () => {
  it('reads this machine\'s 6.18 text, one entry per interface', () => {
    const net = parseNetDev(fixture('linux-6.18-net-dev.txt'));
    expect([...net.keys()]).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(net.get('eth0')).toEqual({ rxBytes: 317842742, rxPackets: 7544, rxErrors: 0, rxDropped: 0, txBytes: 391760, txPackets: 4084, txErrors: 0, txDropped: 0 });
  });

  it('reads a 2.6.18 line whose byte count touches the colon', () => {
    const net = parseNetDev(fixture('linux-2.6.18-net-dev.txt'));
    expect(net.get('eth0')).toEqual({ rxBytes: 4294967295, rxPackets: 45523093, rxErrors: 3, rxDropped: 0, txBytes: 3823127751, txPackets: 35871404, txErrors: 0, txDropped: 0 });
    expect(net.has('sit0')).toBe(true);
  });

  it('reads the receive and transmit drop counters (4th and 12th)', () => {
    const net = parseNetDev('  eth0: 100 10 1 7 0 0 0 0 200 20 2 9 0 0 0 0\n');
    expect(net.get('eth0')).toEqual({ rxBytes: 100, rxPackets: 10, rxErrors: 1, rxDropped: 7, txBytes: 200, txPackets: 20, txErrors: 2, txDropped: 9 });
  });

  it('refuses a line with too few counters', () => {
    expect(() => parseNetDev('  eth0: 1 2 3\n')).toThrow(/eth0/);
  });
});
