import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLoadavg } from './loadavg.js';
import { parseUptime } from './uptime.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseLoadavg', () => {
  it('reads this machine\'s text and a busy 4.18 host\'s', () => {
    expect(parseLoadavg(fixture('linux-6.18-loadavg.txt'))).toEqual({ one: 0.18, five: 0.2, fifteen: 0.1 });
    expect(parseLoadavg(fixture('linux-4.18-loadavg-busy.txt'))).toEqual({ one: 37.84, five: 22.17, fifteen: 12.03 });
  });

  it('refuses text that is not three numbers', () => {
    expect(() => parseLoadavg('0.1 zero\n')).toThrow(/loadavg/);
  });
});

describe('parseUptime', () => {
  it('reads seconds since boot from this machine\'s text', () => {
    expect(parseUptime(fixture('linux-6.18-uptime.txt'))).toBe(401.45);
  });

  it('refuses text that is not a number', () => {
    expect(() => parseUptime('\n')).toThrow(/uptime/);
  });
});
