import { Type, type Static } from '@sinclair/typebox';
import { STRICT } from './schema-options.js';
import { FilesystemSchema, HostIdSchema, InventorySchema, RunIdSchema, TagsSchema, TemperatureSchema } from './sample.js';

const Count = Type.Number({ minimum: 0 });

/** A name an admin gave a host, shown before its id; the hub trims it and refuses control characters. */
export const DisplayNameSchema = Type.String({ minLength: 1, maxLength: 64 });

/**
 * POST /api/hosts/:id/name (admin token): gives the host a display name, or takes
 * it away with null (or a name of only spaces). 200 with the host's HostInfo.
 */
export const HostNameRequestSchema = Type.Object({
  displayName: Type.Union([DisplayNameSchema, Type.Null()]),
}, STRICT);

/** The latest headline figures of one host, as the overview shows them. */
export const SummaryMetricsSchema = Type.Object({
  tsMs: Type.Integer({ minimum: 0 }),
  hubRxMs: Type.Integer({ minimum: 0 }),
  cpuPct: Type.Number({ minimum: 0, maximum: 100 }),
  memUsedPct: Type.Number({ minimum: 0, maximum: 100 }),
  swapUsedPct: Type.Number({ minimum: 0, maximum: 100 }),
  /** 0 when the host has no swap: its swap % is then not a figure ("n/a"). */
  swapTotalBytes: Count,
  load1: Count,
  netRxBytesPerSec: Count,
  netTxBytesPerSec: Count,
  diskReadBytesPerSec: Count,
  diskWriteBytesPerSec: Count,
  uptimeSec: Count,
  /** Used share of the fullest filesystem; left out until the agent sent filesystems. */
  fullestFsUsedPct: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
}, STRICT);

/**
 * One host on the overview. `metrics` is null until its first sample arrives.
 * `cpuPctRecent` (oldest first, up to 60 values) is sent in full overviews only,
 * so a card can draw its sparkline at once; deltas leave it out.
 */
export const HostSummarySchema = Type.Object({
  hostId: HostIdSchema,
  hostname: Type.String(),
  /** The name an admin gave the host; left out when none. */
  displayName: Type.Optional(DisplayNameSchema),
  /** The agent's --tags; empty when it gave none. */
  tags: TagsSchema,
  online: Type.Boolean(),
  lastSeenMs: Type.Integer({ minimum: 0 }),
  runId: RunIdSchema,
  lastSeq: Type.Integer({ minimum: 0 }),
  metrics: Type.Union([SummaryMetricsSchema, Type.Null()]),
  cpuPctRecent: Type.Optional(Type.Array(Type.Number())),
}, STRICT);

/** What the hub knows of one host: its inventory, state and slow metrics. */
export const HostInfoSchema = Type.Object({
  hostId: HostIdSchema,
  /** The name an admin gave the host; left out when none. */
  displayName: Type.Optional(DisplayNameSchema),
  /** The hub's --forget-offline-after: a host offline this long since lastSeenMs is forgotten; left out when off. */
  forgetOfflineAfterMs: Type.Optional(Type.Integer({ minimum: 1 })),
  online: Type.Boolean(),
  /** True while the host's agent holds a WebSocket to this hub. */
  connected: Type.Boolean(),
  firstSeenMs: Type.Integer({ minimum: 0 }),
  lastSeenMs: Type.Integer({ minimum: 0 }),
  runId: RunIdSchema,
  lastSeq: Type.Integer({ minimum: 0 }),
  intervalMs: Type.Integer({ minimum: 1 }),
  inventory: InventorySchema,
  /** Latest filesystem usage (sent by the agent every 30 s); empty until the first. */
  fs: Type.Array(FilesystemSchema),
  /** Latest temperatures (every 10 s where the host has sensors); empty when none. */
  temps: Type.Array(TemperatureSchema),
}, STRICT);

export type SummaryMetrics = Static<typeof SummaryMetricsSchema>;
export type HostSummary = Static<typeof HostSummarySchema>;
export type HostInfo = Static<typeof HostInfoSchema>;
export type HostNameRequest = Static<typeof HostNameRequestSchema>;
