import { Type, type Static } from '@sinclair/typebox';
import { STRICT } from './schema-options.js';

const Count = Type.Number({ minimum: 0 });

/**
 * The hub's load for one transport. For push, `frames` are WebSocket messages
 * delivered to dashboards and `requests` the messages dashboards sent; for poll,
 * `frames` are HTTP responses with a body and `requests` every HTTP request.
 * `dropped` are push frames uWS skipped because the dashboard had more than its
 * backpressure limit waiting (never delivered, not among `frames`); `backpressured`
 * are frames that went out queued behind a backlog (among `frames`). HTTP answers
 * are never dropped. Wire bytes count both directions with HTTP headers and
 * WebSocket frame headers.
 */
export const TransportStatsSchema = Type.Object({
  clients: Type.Integer({ minimum: 0 }),
  requestsPerSec: Count,
  notModifiedPerSec: Count,
  /** Share of requests answered 304, from 0 to 1. */
  notModifiedShare: Type.Number({ minimum: 0, maximum: 1 }),
  framesPerSec: Count,
  droppedPerSec: Count,
  payloadBytesPerSec: Count,
  wireBytesPerSec: Count,
  totals: Type.Object({
    requests: Count,
    notModified: Count,
    frames: Count,
    dropped: Count,
    backpressured: Count,
    payloadBytes: Count,
    wireBytes: Count,
  }, STRICT),
}, STRICT);

/** One storage tier on disk: its bytes (pages in use), rows and oldest data. */
export const TierStatsSchema = Type.Object({
  tier: Type.String(),
  bytes: Count,
  rows: Count,
  /** Start of the oldest data the tier holds, or null when it is empty. */
  oldestMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
}, STRICT);

/**
 * The hub's history store. `dataDir` is null when the hub keeps memory only; then
 * `tiers` is empty. `fileBytes` is the database with its write-ahead log on disk,
 * `maxBytes` the --max-disk cap (null for none). `memoryBytes` counts the samples
 * held in memory, compressed chunks and open columns. `damagedBlocks` counts the
 * stored chunks and roll-up rows found damaged since the hub started (they are
 * left out of answers and left on disk as they are).
 */
export const StorageStatsSchema = Type.Object({
  dataDir: Type.Union([Type.String(), Type.Null()]),
  memoryBytes: Count,
  fileBytes: Count,
  maxBytes: Type.Union([Count, Type.Null()]),
  tiers: Type.Array(TierStatsSchema),
  damagedBlocks: Count,
}, STRICT);

/** Another hub this one hears on the bus: its id, name (host:port), agents and when its last heartbeat came. */
export const BusPeerSchema = Type.Object({
  hubId: Type.String(),
  name: Type.String(),
  agents: Type.Integer({ minimum: 0 }),
  lastSeenMs: Type.Integer({ minimum: 0 }),
}, STRICT);

/**
 * The hub's side of the NATS bus (present only with --nats). `in` counts bus messages
 * taken from the stream and from other hubs (its own echoes skipped), `out` those it
 * published; `outboxMessages` wait to be published (NATS away). Back-fill lag is how far
 * the hub's reading of the stream trails its end: messages not yet read, and the age
 * of the newest one read while any remain (0 once caught up).
 */
export const BusStatsSchema = Type.Object({
  hubId: Type.String(),
  name: Type.String(),
  /** NATS servers as given, without credentials. */
  servers: Type.Array(Type.String()),
  connected: Type.Boolean(),
  /** Whether this hub holds the sender lease: it sends the cluster's alert notifications. */
  sending: Type.Optional(Type.Boolean()),
  inPerSec: Count,
  outPerSec: Count,
  outboxMessages: Count,
  backfillLagMessages: Count,
  backfillLagMs: Count,
  streamMaxAgeMs: Count,
  totals: Type.Object({
    in: Count,
    out: Count,
    /** Samples from the bus that the hub did not hold yet. */
    samplesStored: Count,
    /** Bus messages dropped: their host is unknown here (hello not seen). */
    unknownHost: Count,
  }, STRICT),
  peers: Type.Array(BusPeerSchema),
}, STRICT);

/** The hub's own load, served at /api/stats, on topic `stats` and at /metrics. */
export const HubStatsSchema = Type.Object({
  tsMs: Type.Integer({ minimum: 0 }),
  startedMs: Type.Integer({ minimum: 0 }),
  hosts: Type.Object({ total: Type.Integer({ minimum: 0 }), online: Type.Integer({ minimum: 0 }) }, STRICT),
  agents: Type.Object({ connected: Type.Integer({ minimum: 0 }), samplesPerSec: Count }, STRICT),
  transports: Type.Object({ push: TransportStatsSchema, poll: TransportStatsSchema }, STRICT),
  process: Type.Object({
    /** Hub process CPU over the last second, percent of one core. */
    cpuPct: Count,
    rssBytes: Count,
    heapUsedBytes: Count,
    eventLoopDelayP50Ms: Count,
    eventLoopDelayP99Ms: Count,
  }, STRICT),
  storage: StorageStatsSchema,
  faults: Type.Record(Type.String(), Count),
  /** The NATS bus joining several hubs; absent when the hub runs alone. */
  bus: Type.Optional(BusStatsSchema),
}, STRICT);

export type TransportStats = Static<typeof TransportStatsSchema>;
export type TierStats = Static<typeof TierStatsSchema>;
export type StorageStats = Static<typeof StorageStatsSchema>;
export type HubStats = Static<typeof HubStatsSchema>;
export type BusStats = Static<typeof BusStatsSchema>;
export type BusPeer = Static<typeof BusPeerSchema>;
