import { describe, expect, it } from 'vitest';
import { formatFreshnessTable, freshnessChecks, headlinePoll } from './freshness.js';
import type { TransportResult } from './transport-result.js';

function result(pollIntervalMs: number | null, p99: number | null, hubCpuPct: number, wireBytes: number): TransportResult {
  return {
    scenario: 'freshness', transport: pollIntervalMs === null ? 'push' : 'poll', pollIntervalMs, hosts: 50, clients: 200, connectedClients: 200,
    windowSec: 20, updatesPerSec: 200, framesPerSec: 200, hubCpuPct, agentsOnlyHubCpuPct: 3, hubRssPeakBytes: 0, hubWireBytesPerUpdate: wireBytes,
    clientWireBytesPerUpdate: wireBytes, hubRequestsPerSec: 0, clientRequestsPerSec: 0, notModifiedShare: null, stalenessP50Ms: p99 === null ? null : p99 / 2,
    stalenessP99Ms: p99, stalenessMaxMs: p99, seqGaps: 0, duplicates: 0, errors: 0, closeCodes: {}, loadGeneratorCpuPct: [5, 5], machineBusyPct: null,
  };
}

describe('freshness', () => {
  it("heads with the poll interval whose p99 comes closest to push's, the fastest of equals", () => {
    const push = result(null, 3, 4, 1600);
    expect(headlinePoll([push, result(1000, 990, 7, 2200), result(250, 250, 12, 2900), result(100, 101, 25, 5000)])?.pollIntervalMs).toBe(100);
    // Equally close: the faster one.
    expect(headlinePoll([result(null, 100, 4, 1600), result(200, 150, 7, 2200), result(50, 50, 12, 2900)])?.pollIntervalMs).toBe(50);
    // No p99 at all: the fastest tried.
    expect(headlinePoll([push, result(1000, null, 7, 2200), result(100, null, 25, 5000)])?.pollIntervalMs).toBe(100);
  });

  it('holds the targets at the headline row and marks it in the table', () => {
    const rows = [result(null, 3, 4, 1600), result(1000, 990, 7, 2200), result(100, 101, 25, 5000)];
    const [cpu, above, wire] = freshnessChecks(rows);
    // 4% vs 25% of a core for 200 updates/s each: 0.2 vs 1.25 ms per update, 1/6.3.
    expect(cpu).toMatchObject({ measured: '0.2000 vs 1.2500 ms (1/6.3)', met: true });
    expect(cpu!.target).toContain('poll at 100 ms');
    expect(above).toMatchObject({ measured: '0.0500 vs 1.1000 ms (1/22.0)', met: true });
    expect(wire).toMatchObject({ measured: '1,600 vs 5,000 B (1/3.1)', met: true });
    const table = formatFreshnessTable(rows);
    expect(table).toContain('poll 100 ms *');
    expect(table).not.toContain('poll 1000 ms *');
    expect(freshnessChecks([result(null, 3, 4, 1600), result(100, 101, 15, 4000)])[2]).toMatchObject({ met: false });
  });
});
