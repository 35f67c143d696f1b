import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostProcessTable } from '@hostpulse/protocol';
import { ProcessesState } from './processes-state.svelte.js';

const fixture = JSON.parse(readFileSync(new URL('../../../protocol/fixtures/LiveProcesses.json', import.meta.url), 'utf8')).table as HostProcessTable;
const at = (tsMs: number, hostId = fixture.hostId): HostProcessTable => ({ ...fixture, hostId, tsMs });

describe('ProcessesState', () => {
  it('shows the open host’s newest table only', () => {
    const state = new ProcessesState();
    state.apply(at(1000));
    expect(state.table).toBeNull();
    state.open(fixture.hostId);
    state.apply(at(2000));
    state.apply(at(1000));
    state.apply(at(3000, 'another-host'));
    expect(state.table?.tsMs).toBe(2000);
    state.open('another-host');
    expect(state.table).toBeNull();
  });

  it('sorts by CPU, memory and name, flipping on a second click', () => {
    const state = new ProcessesState();
    state.open(fixture.hostId);
    state.apply(at(1000));
    expect(state.rows.map((r) => r.name)).toEqual(['postgres', 'node', 'kswapd0']);
    state.sort('mem');
    expect(state.rows.map((r) => r.name)).toEqual(['postgres', 'node', 'kswapd0']);
    state.sort('mem');
    expect(state.rows.map((r) => r.name)).toEqual(['kswapd0', 'node', 'postgres']);
    state.sort('name');
    expect(state.rows.map((r) => r.name)).toEqual(['kswapd0', 'node', 'postgres']);
    state.sort('name');
    expect(state.rows.map((r) => r.name)).toEqual(['postgres', 'node', 'kswapd0']);
    state.sort('cpu');
    expect(state.groups.map((g) => g.kind)).toEqual(['unit', 'container', 'kernel']);
  });

  it('filters rows by every word of the filter, over name, command, user and pid, and groups by name or kind', () => {
    const state = new ProcessesState();
    state.open(fixture.hostId);
    state.apply(at(1000));
    state.filter = 'node 3000';
    expect(state.rows.map((r) => r.pid)).toEqual([913]);
    state.filter = 'postgres';
    expect(state.rows.map((r) => r.pid)).toEqual([4127]);
    state.filter = 'container';
    expect(state.groups.map((g) => g.kind)).toEqual(['container']);
    state.filter = 'nothing-like-this';
    expect(state.rows).toEqual([]);
  });
});
