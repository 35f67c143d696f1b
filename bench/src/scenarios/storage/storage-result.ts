/** A hub holding a replayed window in memory (--data-dir none). */
export interface MemoryRun {
  /** `this` for this repository's hub; `before` for the build given with --before-hub. */
  build: 'this' | 'before';
  hosts: number;
  cores: number;
  samplesPerHost: number;
  /** Samples the hub took (its hosts' last seqs summed); all of them are within --history when RSS is read. */
  samplesStored: number;
  /** False when the replay's deadline came first (a busy machine): figures hold for what was stored. */
  complete: boolean;
  replaySec: number;
  hubCpuSec: number;
  idleRssBytes: number;
  rssBytes: number;
  peakRssBytes: number;
  heapUsedBytes: number | null;
  /** What the store says it holds; null for a hub without one. */
  storeMemoryBytes: number | null;
  /** RSS divided by the host-hours held. */
  rssPerHostHourBytes: number;
}

/** One tier's bytes on disk against the values it holds. */
export interface TierBytes {
  tier: string;
  /** SQLite pages of the tier's table and indexes, from /api/stats. */
  bytes: number;
  rows: number;
  /** Figures held: raw sample figures, or min/avg/max of each line and bucket. */
  values: number;
  bytesPerValue: number | null;
}

/** Real agent samples replayed into a hub with a data dir, then its tiers measured. */
export interface DiskBytesResult {
  hosts: number;
  hours: number;
  samples: number;
  /** False when the replay's deadline came first. */
  complete: boolean;
  figuresPerSample: number;
  /** Share of the raw figures whose column does not change within its chunk. */
  constantShare: number;
  replaySec: number;
  fileBytes: number;
  tiers: TierBytes[];
}

/** Hub CPU while agents stream in real time, with or without a data dir, and push dashboards watching. */
export interface IngestRun {
  dataDir: boolean;
  hosts: number;
  intervalMs: number;
  windowSec: number;
  samplesPerSec: number;
  hubCpuPct: number;
  hubSystemPct: number;
  /** Share of all the machine's cores busy in the window, other work included: near 100 the hub waited for a core. */
  machineBusyPct: number;
  rssBytes: number;
  /** Highest of the hub's per-second event-loop delay p99 during the window. */
  eventLoopDelayMaxP99Ms: number | null;
  /** The hub's event-loop delay p99 as /api/stats gave it each second of the window, to see stalls recur. */
  eventLoopDelayP99MsBySecond: number[];
  dashboards: number;
  stalenessP50Ms: number | null;
  stalenessP99Ms: number | null;
  stalenessMaxMs: number | null;
  seqGaps: number;
  faults: number;
}

/** Latency of GET /api/hosts/:id/series over one window. */
export interface QueryWindow {
  label: string;
  windowMs: number;
  queries: number;
  tier: string;
  bucketMs: number;
  buckets: number;
  meanBytes: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

/** Queries against a prefilled database. */
export interface QueryResult {
  hosts: number;
  days: number;
  rawHours: number;
  prefillSec: number;
  fileBytes: number;
  tierBytes: Record<string, number>;
  hubStartSec: number;
  windows: QueryWindow[];
}

/** A windowed /live snapshot through the throttled relay. */
export interface WindowLoad {
  label: string;
  windowMs: number;
  bytes: number;
  ms: number;
  tier: string;
  buckets: number;
}

/** Everything the storage scenario measured. */
export interface StorageResult {
  memory: MemoryRun[];
  disk: DiskBytesResult | null;
  ingest: IngestRun[];
  queries: QueryResult | null;
  windowLoads: { cores: number; linkBytesPerSec: number; points: number; loads: WindowLoad[]; slowClientDropped: number } | null;
  loadAverage: { start: number; end: number };
}
