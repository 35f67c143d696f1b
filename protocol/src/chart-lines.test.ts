import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chartLines, parseLineId, sampleChartValues } from './chart-lines.js';
import { columnKey, parseColumnKey, visitSampleColumns } from './columns.js';
import type { Sample } from './sample.js';

const sample = JSON.parse(readFileSync(new URL('../fixtures/Sample.json', import.meta.url), 'utf8')) as Sample;

describe('sample columns', () => {
  it('visits every figure once, with list counts, and keys that split back into their parts', () => {
    const keys: string[] = [];
    visitSampleColumns(sample, (field, name) => keys.push(columnKey(field, name)));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('core/idlePct/1');
    expect(keys).toContain('net/#');
    expect(parseColumnKey('fs/usedBytes//boot/efi')).toEqual({ group: 'fs', field: 'usedBytes', name: '/boot/efi' });
    expect(parseColumnKey('mem/usedBytes')).toEqual({ group: 'mem', field: 'usedBytes', name: undefined });
  });
});

describe('chart lines', () => {
  it('gives busy % as 100 minus idle, memory cache as cached plus buffers, and rates per interface', () => {
    const values = sampleChartValues(sample);
    expect(values.get('cpu')).toBe(16.5);
    expect(values.get('core:0')).toBe(20);
    expect(values.get('core:1')).toBe(13);
    expect(values.get('memCache')).toBe(sample.mem.cachedBytes + sample.mem.buffersBytes);
    expect(values.get('load5')).toBe(0.35);
    const eth = sample.net[0]!;
    expect(values.get(`netRx:${eth.name}`)).toBe(eth.rxBytesPerSec);
    expect([...values.keys()].slice(0, 3)).toEqual(['cpu', 'core:0', 'core:1']);
  });

  it('orders cores by number and leaves NaN where a column it needs is missing', () => {
    const keys = ['core/idlePct/10', 'core/idlePct/2', 'mem/cachedBytes'];
    const cols: Record<string, number[]> = { 'core/idlePct/10': [50, Number.NaN], 'core/idlePct/2': [100, 0], 'mem/cachedBytes': [1, 2] };
    const lines = chartLines(keys, (key) => cols[key], 2);
    expect([...lines.keys()]).toEqual(['core:2', 'core:10', 'memCache']);
    expect([...lines.get('core:10')!]).toEqual([50, Number.NaN]);
    expect([...lines.get('core:2')!]).toEqual([0, 100]);
    expect([...lines.get('memCache')!]).toEqual([Number.NaN, Number.NaN]);
  });

  it('splits line ids at the first colon only', () => {
    expect(parseLineId('netRx:eth0:1')).toEqual({ metric: 'netRx', name: 'eth0:1' });
    expect(parseLineId('cpu')).toEqual({ metric: 'cpu', name: '' });
  });
});
