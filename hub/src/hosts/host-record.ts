import { diskTotals, fullestFsUsedPct, netTotals } from '@hostpulse/protocol';
import type { Filesystem, HostInfo, HostSample, HostSummary, Inventory, SummaryMetrics, Temperature } from '@hostpulse/protocol';
import { RingBuffer } from './ring-buffer.js';
import type { HostHistory } from '../store/host-history.js';

/** How many recent CPU totals a host keeps for overview sparklines. */
export const CPU_RECENT_COUNT = 60;

/** Everything the hub holds about one host. Mutated only by the HostRegistry. */
export interface HostRecord {
  hostId: string;
  /** The name an admin gave the host, shown before its id; undefined when none. */
  displayName?: string | undefined;
  inventory: Inventory;
  intervalMs: number;
  firstSeenMs: number;
  /** Hub time the host was last heard from (hello or sample). */
  lastSeenMs: number;
  runId: string;
  online: boolean;
  connected: boolean;
  fs: Filesystem[];
  temps: Temperature[];
  /** Samples across runs, in the store's columns. */
  history: HostHistory;
  /** Newest sample of the current run, for the overview line, /metrics and the slow metrics. */
  latest: HostSample | undefined;
  /** CPU used % of the newest samples, oldest first. */
  cpuPctRecent: RingBuffer<number>;
}

// Rounded to 0.01 so 100 - 95.43 reads 4.57, not 4.569999999999993.
const clampPct = (value: number): number => Math.round(Math.min(100, Math.max(0, value)) * 100) / 100;

/** CPU in use, percent: everything but idle. */
export function cpuUsedPct(sample: HostSample): number {
  return clampPct(100 - sample.cpu.total.idlePct);
}

/** Newest sample of the host's current run, or undefined when the run has none yet. */
export function latestOfRun(host: HostRecord): HostSample | undefined {
  return host.latest?.runId === host.runId ? host.latest : undefined;
}

/** What the hub saves of a host besides its samples, so a restart knows it. */
export interface SavedHost {
  inventory: Inventory;
  intervalMs: number;
  firstSeenMs: number;
  lastSeenMs: number;
  runId: string;
  fs: Filesystem[];
  temps: Temperature[];
  displayName?: string | undefined;
}

/** The saved part of a host record, as JSON. */
export function savedHostJson(host: HostRecord): string {
  const saved: SavedHost = {
    inventory: host.inventory,
    intervalMs: host.intervalMs,
    firstSeenMs: host.firstSeenMs,
    lastSeenMs: host.lastSeenMs,
    runId: host.runId,
    fs: host.fs,
    temps: host.temps,
    ...(host.displayName === undefined ? {} : { displayName: host.displayName }),
  };
  return JSON.stringify(saved);
}

/** The headline figures of one sample and the latest filesystems; network and disk totals count what the agent marks (netTotals, diskTotals). */
function summaryMetrics(sample: HostSample, fs: readonly Filesystem[]): SummaryMetrics {
  const net = netTotals(sample.net);
  const disk = diskTotals(sample.disk);
  const pctOf = (part: number, whole: number) => (whole > 0 ? clampPct((part / whole) * 100) : 0);
  const fullest = fullestFsUsedPct(fs);
  return {
    tsMs: sample.tsMs,
    hubRxMs: sample.hubRxMs,
    cpuPct: cpuUsedPct(sample),
    memUsedPct: pctOf(sample.mem.usedBytes, sample.mem.totalBytes),
    swapUsedPct: pctOf(sample.swap.usedBytes, sample.swap.totalBytes),
    swapTotalBytes: sample.swap.totalBytes,
    load1: sample.load.one,
    netRxBytesPerSec: net.rxBytesPerSec,
    netTxBytesPerSec: net.txBytesPerSec,
    diskReadBytesPerSec: disk.readBytesPerSec,
    diskWriteBytesPerSec: disk.writeBytesPerSec,
    uptimeSec: sample.uptimeSec,
    ...(fullest === undefined ? {} : { fullestFsUsedPct: fullest }),
  };
}

/** The overview line of a host; `withRecent` adds the CPU sparkline (full frames only). */
export function hostSummary(host: HostRecord, withRecent: boolean): HostSummary {
  const latest = latestOfRun(host);
  const summary: HostSummary = {
    hostId: host.hostId,
    hostname: host.inventory.hostname,
    ...(host.displayName === undefined ? {} : { displayName: host.displayName }),
    tags: host.inventory.tags ?? {},
    online: host.online,
    lastSeenMs: host.lastSeenMs,
    runId: host.runId,
    lastSeq: latest?.seq ?? 0,
    metrics: latest ? summaryMetrics(latest, host.fs) : null,
  };
  if (withRecent) summary.cpuPctRecent = host.cpuPctRecent.toArray();
  return summary;
}

/** What the API and snapshots say about a host; `forgetOfflineAfterMs` is the hub's setting, when it forgets offline hosts. */
export function hostInfo(host: HostRecord, forgetOfflineAfterMs?: number): HostInfo {
  return {
    hostId: host.hostId,
    ...(host.displayName === undefined ? {} : { displayName: host.displayName }),
    ...(forgetOfflineAfterMs === undefined ? {} : { forgetOfflineAfterMs }),
    online: host.online,
    connected: host.connected,
    firstSeenMs: host.firstSeenMs,
    lastSeenMs: host.lastSeenMs,
    runId: host.runId,
    lastSeq: latestOfRun(host)?.seq ?? 0,
    intervalMs: host.intervalMs,
    inventory: host.inventory,
    fs: host.fs,
    temps: host.temps,
  };
}
