import { Type, type Static } from '@sinclair/typebox';
import { AlertRuleSchema, AlertSchema, DeliveryAttemptSchema, NotifierInfoSchema } from './alerts.js';
import { SilenceSchema } from './silences.js';
import { STRICT } from './schema-options.js';
import { HostInfoSchema, HostSummarySchema } from './host.js';
import { HostProcessTableSchema } from './processes.js';
import { HostIdSchema, HostSampleSchema, RunIdSchema } from './sample.js';

/**
 * GET /api/overview[?since=VERSION]. Without `since` (or with one from before this
 * hub process started): `full` true, every host's summary with `cpuPctRecent`.
 * With `since`: `full` false, only the hosts whose line changed after VERSION
 * (hosts gone offline included), without `cpuPctRecent`, and in `removed` the hosts
 * forgotten since, like a push delta. A `since` above the current version, or
 * malformed, is a 400. ETag: `version` and `since`, so If-None-Match answers 304
 * when nothing changed for the same query.
 */
export const OverviewResponseSchema = Type.Object({
  version: Type.Integer({ minimum: 0 }),
  hubTimeMs: Type.Integer({ minimum: 0 }),
  full: Type.Boolean(),
  hosts: Type.Array(HostSummarySchema),
  removed: Type.Optional(Type.Array(HostIdSchema)),
}, STRICT);

/** GET /api/hosts: every host the hub knows. DELETE /api/hosts/:id (admin token) forgets one and its history: 204. */
export const HostsResponseSchema = Type.Object({
  hosts: Type.Array(HostInfoSchema),
}, STRICT);

/**
 * GET /api/hosts/:id/samples?run=RUN&after=SEQ&limit=N: the host's samples of its
 * current run after SEQ (all it holds when RUN is not the current run), oldest first,
 * at most N (the newest N when more match). An answer takes at most
 * MAX_SAMPLES_RESPONSE_BYTES: of the current run's samples after SEQ it holds the
 * oldest that fit, and `more` true when later ones were left out (ask again at once
 * with `run` and `after` of its last sample); of another run, the newest that fit.
 * ETag: run, last seq, online state and the whole query, so If-None-Match answers
 * 304 when nothing is new for the same query.
 */
export const SamplesResponseSchema = Type.Object({
  hostId: HostIdSchema,
  runId: RunIdSchema,
  lastSeq: Type.Integer({ minimum: 0 }),
  online: Type.Boolean(),
  samples: Type.Array(HostSampleSchema),
  /** True when samples after the last one were left out to keep the answer within MAX_SAMPLES_RESPONSE_BYTES (absent from older hubs). */
  more: Type.Optional(Type.Boolean()),
}, STRICT);

/**
 * GET /api/hosts/:id/processes: the latest top-processes table the host's agent
 * sent, null until the first (or when its agent runs with --processes-every 0).
 * ETag: the table's run and time, so If-None-Match answers 304 until a new one.
 */
export const ProcessesResponseSchema = Type.Object(
  {
    hostId: HostIdSchema,
    online: Type.Boolean(),
    table: Type.Union([HostProcessTableSchema, Type.Null()]),
  },
  STRICT,
);

/** GET /api/time: the hub's clock, for a client's offset from a round trip. */
export const TimeResponseSchema = Type.Object({
  hubTimeMs: Type.Integer({ minimum: 0 }),
}, STRICT);

/** GET /healthz: the hub process is alive and answering. No token, no data. */
export const HealthResponseSchema = Type.Object({
  status: Type.Literal('ok'),
}, STRICT);

/**
 * GET /readyz: 200 with `ready` true when the hub listens and its storage is open,
 * else 503 with `ready` false; `checks` says which condition holds. No token, no data.
 */
export const ReadyResponseSchema = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Object({ listening: Type.Boolean(), storage: Type.Boolean() }, STRICT),
}, STRICT);

/**
 * GET /api/alerts: what a full `alerts` frame holds. `rulesSource` is the rules
 * file, or "default" when the hub runs the default rules. `current` holds pending
 * and firing alerts; `past` the latest resolved ones, newest first; `deliveries`
 * the latest delivery attempts, newest first. ETag: `version`.
 */
export const AlertsResponseSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 0 }),
    hubTimeMs: Type.Integer({ minimum: 0 }),
    rulesSource: Type.String(),
    rules: Type.Array(AlertRuleSchema),
    current: Type.Array(AlertSchema),
    past: Type.Array(AlertSchema),
    notifiers: Type.Array(NotifierInfoSchema),
    deliveries: Type.Array(DeliveryAttemptSchema),
    /** The silences in force and scheduled, as GET /api/silences lists them. */
    silences: Type.Array(SilenceSchema),
  },
  STRICT,
);

/** Body of every 4xx and 5xx answer. */
export const ErrorResponseSchema = Type.Object({
  error: Type.Object({
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    message: Type.String(),
    /** The request field at fault, for a 400 about one field. */
    field: Type.Optional(Type.String()),
  }, STRICT),
}, STRICT);

export type OverviewResponse = Static<typeof OverviewResponseSchema>;
export type HostsResponse = Static<typeof HostsResponseSchema>;
/** GET /api/hosts/:id. */
export type HostResponse = Static<typeof HostInfoSchema>;
export type SamplesResponse = Static<typeof SamplesResponseSchema>;
export type ProcessesResponse = Static<typeof ProcessesResponseSchema>;
export type TimeResponse = Static<typeof TimeResponseSchema>;
export type AlertsResponse = Static<typeof AlertsResponseSchema>;
export type ErrorResponse = Static<typeof ErrorResponseSchema>;
export type HealthResponse = Static<typeof HealthResponseSchema>;
export type ReadyResponse = Static<typeof ReadyResponseSchema>;
