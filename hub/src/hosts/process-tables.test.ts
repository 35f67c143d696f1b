import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostProcessTable, ProcessTable } from '@hostpulse/protocol';
import { ProcessTables } from './process-tables.js';

const fixture = JSON.parse(readFileSync(new URL('../../../protocol/fixtures/ProcessTable.json', import.meta.url), 'utf8')) as ProcessTable;
const tableAt = (tsMs: number, runId = fixture.runId, hostId = fixture.hostId): ProcessTable => ({ ...fixture, hostId, runId, tsMs });

describe('ProcessTables', () => {
  it('keeps the latest table per host with the hub receive time, and tells the listener', () => {
    const heard: HostProcessTable[] = [];
    const tables = new ProcessTables((t) => heard.push(t));
    expect(tables.store(tableAt(1000), 1005)).toBe(true);
    expect(tables.store(tableAt(6000), 6004)).toBe(true);
    expect(tables.store(tableAt(2000, fixture.runId, 'other-host'), 2001)).toBe(true);
    expect(tables.latest(fixture.hostId)).toMatchObject({ tsMs: 6000, hubRxMs: 6004 });
    expect(tables.latest('other-host')).toMatchObject({ tsMs: 2000 });
    expect(tables.latest('nobody')).toBeUndefined();
    expect(heard.map((t) => t.tsMs)).toEqual([1000, 6000, 2000]);
  });

  it('drops a table of the same run that is not newer than the one held', () => {
    const heard: HostProcessTable[] = [];
    const tables = new ProcessTables((t) => heard.push(t));
    tables.store(tableAt(6000), 6001);
    expect(tables.store(tableAt(6000), 6002)).toBe(false);
    expect(tables.store(tableAt(1000), 6003)).toBe(false);
    expect(tables.latest(fixture.hostId)).toMatchObject({ tsMs: 6000, hubRxMs: 6001 });
    expect(heard).toHaveLength(1);
  });

  it('takes a new run’s table even when its clock reads earlier', () => {
    const tables = new ProcessTables();
    tables.store(tableAt(6000), 6001);
    expect(tables.store(tableAt(1000, 'next-run'), 7000)).toBe(true);
    expect(tables.latest(fixture.hostId)).toMatchObject({ runId: 'next-run', tsMs: 1000 });
  });
});
