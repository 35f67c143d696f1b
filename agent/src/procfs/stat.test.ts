import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStat } from './stat.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');

describe('parseStat', () => {
  it('reads this machine\'s 6.18 text: the total and one line per core, guest columns ignored', () => {
    const stat = parseStat(fixture('linux-6.18-stat.txt'));
    expect(stat.cores).toHaveLength(2);
    expect(stat.total).toEqual({ user: 5108, nice: 0, system: 2897, idle: 71447, iowait: 322, irq: 0, softirq: 66, steal: 13 });
  });

  it('reads 3.10 text with all ten columns', () => {
    const stat = parseStat(fixture('linux-3.10-stat.txt'));
    expect(stat.cores).toHaveLength(4);
    expect(stat.cores[3]).toEqual({ user: 3577602, nice: 103129, system: 1030007, idle: 10050577, iowait: 3337, irq: 0, softirq: 2699, steal: 34 });
  });

  it('reads 2.6.18 text that has steal but no guest columns', () => {
    const stat = parseStat(fixture('linux-2.6.18-stat.txt'));
    expect(stat.total.steal).toBe(912);
    expect(stat.cores).toHaveLength(4);
  });

  it('reads 2.6.9 text without steal as steal 0', () => {
    const stat = parseStat(fixture('linux-2.6.9-stat.txt'));
    expect(stat.total).toMatchObject({ iowait: 48218, softirq: 2876, steal: 0 });
  });

  it('reads 2.4 text with only four columns as zero iowait, irq, softirq and steal', () => {
    const stat = parseStat(fixture('linux-2.4-stat.txt'));
    expect(stat.total).toEqual({ user: 2255, nice: 34, system: 2290, idle: 22625563, iowait: 0, irq: 0, softirq: 0, steal: 0 });
    expect(stat.cores).toHaveLength(2);
  });

  it('refuses text with no cpu line or a garbled one', () => {
    expect(() => parseStat('intr 1 2 3\n')).toThrow(/no "cpu" line/);
    expect(() => parseStat('cpu  1 2 x 4\n')).toThrow(/not a number/);
    expect(() => parseStat('cpu  1 2\n')).toThrow(/too few columns/);
  });
});
