import type { HubStats } from '@hostpulse/protocol';
import { percentile, type ClientReport } from '@hostpulse/loadgen';
import type { CpuUse } from '../../kit/cpu-window.js';

/** Which transport a measurement used. */
export type Transport = 'push' | 'poll';

/** The scenarios that measure push against poll. */
export type Scenario = 'detail' | 'overview' | 'freshness';

/** One push or poll measurement of the detail, overview or freshness scenario. */
export interface TransportResult {
  scenario: Scenario;
  transport: Transport;
  /** The pollers' interval; null for push. */
  pollIntervalMs: number | null;
  hosts: number;
  clients: number;
  /** Clients still connected (push) or polling (poll) at the end of the window. */
  connectedClients: number;
  windowSec: number;
  updatesPerSec: number;
  framesPerSec: number;
  hubCpuPct: number;
  /** Hub CPU with the same agents and no dashboards, measured just before; null when not measured. */
  agentsOnlyHubCpuPct: number | null;
  hubRssPeakBytes: number;
  /** Wire bytes (both directions, headers included) per delivered update, from the hub's /api/stats totals. */
  hubWireBytesPerUpdate: number | null;
  /** The same from the clients' socket byte counters. */
  clientWireBytesPerUpdate: number | null;
  hubRequestsPerSec: number;
  clientRequestsPerSec: number;
  /** Share of poll requests answered 304 (client side). */
  notModifiedShare: number | null;
  stalenessP50Ms: number | null;
  stalenessP99Ms: number | null;
  stalenessMaxMs: number | null;
  /** Seqs skipped between updates: lost updates for host topics, coalesced samples on the overview. */
  seqGaps: number;
  duplicates: number;
  errors: number;
  closeCodes: Record<string, number>;
  loadGeneratorCpuPct: number[];
  /** Share of all the machine's cores busy in the window, bench and other work together; null when not measured. */
  machineBusyPct: number | null;
}

/** Inputs of one measured window. */
export interface WindowData {
  scenario: Scenario;
  transport: Transport;
  pollIntervalMs: number | null;
  hosts: number;
  report: ClientReport;
  hubCpu: CpuUse;
  hubRssPeakBytes: number;
  statsBefore: HubStats;
  statsAfter: HubStats;
  loadCpu: CpuUse[];
}

/** Hub CPU-milliseconds per delivered update. */
export function cpuMsPerUpdate(r: TransportResult): number | null {
  return r.updatesPerSec > 0 ? (r.hubCpuPct * 10) / r.updatesPerSec : null;
}

/** Hub CPU-milliseconds per update above what the agents alone cost it; null when that was not measured. */
export function dashboardCpuMsPerUpdate(r: TransportResult): number | null {
  return r.agentsOnlyHubCpuPct === null || r.updatesPerSec <= 0 ? null : (Math.max(0, r.hubCpuPct - r.agentsOnlyHubCpuPct) * 10) / r.updatesPerSec;
}

/** Turns one window's raw counts into the figures the table shows. */
export function summarizeWindow(w: WindowData): TransportResult {
  const sec = w.hubCpu.wallSec;
  const r = w.report;
  const before = w.statsBefore.transports[w.transport].totals;
  const after = w.statsAfter.transports[w.transport].totals;
  const perUpdate = (bytes: number): number | null => (r.updates > 0 ? bytes / r.updates : null);
  // The hub's totals cover the time between its two /api/stats answers, which differs a
  // little from the clients' window; comparing rates keeps the two consistent.
  const hubSec = Math.max(0.001, (w.statsAfter.tsMs - w.statsBefore.tsMs) / 1000);
  const updatesPerSec = r.updates / sec;
  return {
    scenario: w.scenario,
    transport: w.transport,
    pollIntervalMs: w.pollIntervalMs,
    hosts: w.hosts,
    clients: r.clients,
    connectedClients: r.connected,
    windowSec: sec,
    updatesPerSec,
    framesPerSec: r.frames / sec,
    hubCpuPct: w.hubCpu.pct,
    agentsOnlyHubCpuPct: null,
    hubRssPeakBytes: w.hubRssPeakBytes,
    hubWireBytesPerUpdate: updatesPerSec > 0 ? (after.wireBytes - before.wireBytes) / hubSec / updatesPerSec : null,
    clientWireBytesPerUpdate: perUpdate(r.wireRxBytes + r.wireTxBytes),
    hubRequestsPerSec: (after.requests - before.requests) / hubSec,
    clientRequestsPerSec: r.requests / sec,
    notModifiedShare: r.requests > 0 ? r.notModified / r.requests : null,
    stalenessP50Ms: percentile(r.staleness, 50),
    stalenessP99Ms: percentile(r.staleness, 99),
    stalenessMaxMs: percentile(r.staleness, 100),
    seqGaps: r.missing,
    duplicates: r.duplicates,
    errors: r.errors,
    closeCodes: r.closeCodes,
    loadGeneratorCpuPct: w.loadCpu.map((c) => c.pct),
    machineBusyPct: null,
  };
}
