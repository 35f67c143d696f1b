import type { ClientReport } from '@hostpulse/loadgen';
import type { SoakAgentsDrained } from './soak-agents.js';
import type { LossCount } from './lost-samples.js';
import type { MemoryGrowth } from './memory-growth.js';

/** One reading of the hub every 10 s. */
export interface HubReading {
  /** Milliseconds since the soak started. */
  atMs: number;
  rssBytes: number;
  heapUsedBytes: number | null;
  agentsConnected: number | null;
}

/** Everything one soak measured; goes to the results JSON as is. */
export interface SoakResult {
  minutes: number;
  agents: number;
  pushDashboards: number;
  pollDashboards: number;
  pollIntervalMs: number;
  hubHistoryMs: number;
  warmupMs: number;
  auditEveryMs: number;
  readings: HubReading[];
  rss: MemoryGrowth;
  heap: MemoryGrowth;
  /** Samples the agents made that the hub's history never showed (the audit). */
  loss: LossCount;
  audit: { requests: number; errors: number };
  agentsEnd: Omit<SoakAgentsDrained, 'runs'>;
  push: ClientReport;
  poll: ClientReport;
  hubCpuPct: number;
  hubFaults: Record<string, number>;
  /** 1-minute load average of the machine at the start and the end. */
  loadAvg: { start: number; end: number };
}
