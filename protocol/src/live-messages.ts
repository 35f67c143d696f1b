import { Type, type Static } from '@sinclair/typebox';
import { AlertRuleSchema, AlertSchema, DeliveryAttemptSchema, NotifierInfoSchema } from './alerts.js';
import { SilenceSchema } from './silences.js';
import { STRICT } from './schema-options.js';
import { HostInfoSchema, HostSummarySchema } from './host.js';
import { HostIdSchema, HostSampleSchema, RunIdSchema } from './sample.js';
import { HostProcessTableSchema } from './processes.js';
import { HandshakeSchema, InspectSchema } from './inspect.js';
import { SeriesResponseSchema } from './series.js';
import { HubStatsSchema } from './stats.js';

/**
 * Dashboard -> hub: start receiving a topic. For `host/<id>`, the hub first sends a
 * snapshot, then every new sample. With `windowMs` the snapshot carries the host's
 * chart lines over the last `windowMs`, in at most `points` buckets (as
 * GET /api/hosts/:id/series answers). With `runId` naming the host's current run,
 * it carries that run's samples after `afterSeq`, so a client that already holds
 * samples gets no duplicate. Otherwise it carries up to `limit` recent samples.
 * Either way the snapshot stays within MAX_WINDOW_LOAD_BYTES.
 */
export const SubscribeSchema = Type.Object({
  type: Type.Literal('subscribe'),
  topic: Type.String({ maxLength: 128 }),
  runId: Type.Optional(RunIdSchema),
  afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  windowMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 400 * 86_400_000 })),
  points: Type.Optional(Type.Integer({ minimum: 1 })),
}, STRICT);

/** Dashboard -> hub: stop receiving a topic. */
export const UnsubscribeSchema = Type.Object({
  type: Type.Literal('unsubscribe'),
  topic: Type.String({ maxLength: 128 }),
}, STRICT);

/** Every message a dashboard may send. */
export const LiveClientMessageSchema = Type.Union([SubscribeSchema, UnsubscribeSchema, InspectSchema]);

/** Hub -> dashboard, first message on /live. */
export const LiveWelcomeSchema = Type.Object({
  type: Type.Literal('welcome'),
  protocolVersion: Type.Integer(),
  hubTimeMs: Type.Integer({ minimum: 0 }),
}, STRICT);

/**
 * Hub -> dashboard, the first answer to a `host/<id>` subscription: `series` when the
 * subscription named a window, `samples` otherwise (see SubscribeSchema).
 */
export const SnapshotSchema = Type.Object({
  type: Type.Literal('snapshot'),
  topic: Type.String(),
  host: HostInfoSchema,
  samples: Type.Array(HostSampleSchema),
  series: Type.Optional(SeriesResponseSchema),
}, STRICT);

/** Hub -> dashboard on `host/<id>`: one new sample. */
export const LiveSampleSchema = Type.Object({
  type: Type.Literal('sample'),
  sample: HostSampleSchema,
}, STRICT);

/**
 * Hub -> dashboard on `host/<id>` only: the host's latest top processes, as each
 * table arrives from its agent (every 5 s by default), and once right after the
 * snapshot when the hub holds one. Overview subscribers never receive it.
 */
export const LiveProcessesSchema = Type.Object(
  {
    type: Type.Literal('processes'),
    table: HostProcessTableSchema,
  },
  STRICT,
);

/** Hub -> dashboard on `host/<id>` (and folded into `overview`): a host went offline or came back. */
export const HostStatusSchema = Type.Object({
  type: Type.Literal('host-status'),
  hostId: HostIdSchema,
  online: Type.Boolean(),
  runId: RunIdSchema,
  lastSeenMs: Type.Integer({ minimum: 0 }),
}, STRICT);

/**
 * Hub -> dashboard on `overview`. `full` is true for the first frame after
 * subscribing (every host); after it each tick carries only the hosts that changed,
 * and in `removed` the ids of hosts the hub forgot. `version` grows with every
 * change and is the /api/overview ETag. A frame that would pass MAX_MESSAGE_BYTES
 * is sent as several of the same version, the first as it was and the rest with
 * `full` false, so merging each as a delta gives every host.
 */
export const OverviewFrameSchema = Type.Object({
  type: Type.Literal('overview'),
  full: Type.Boolean(),
  version: Type.Integer({ minimum: 0 }),
  hubTimeMs: Type.Integer({ minimum: 0 }),
  hosts: Type.Array(HostSummarySchema),
  removed: Type.Optional(Type.Array(HostIdSchema)),
}, STRICT);

/** Hub -> dashboard on `stats`: the hub's load, once a second. */
export const StatsFrameSchema = Type.Object({
  type: Type.Literal('stats'),
  stats: HubStatsSchema,
}, STRICT);

/**
 * Hub -> dashboard on `alerts`. The first frame after subscribing is `full`:
 * the rules, every current alert, the recent past ones, notifiers and delivery
 * log. Later frames carry only the alerts whose state changed (a resolved one
 * moves to the past) and the new delivery attempts; `rules` and `notifiers`
 * come again when the rules file is reloaded or a queue changes.
 */
export const AlertsFrameSchema = Type.Object(
  {
    type: Type.Literal('alerts'),
    full: Type.Boolean(),
    version: Type.Integer({ minimum: 0 }),
    hubTimeMs: Type.Integer({ minimum: 0 }),
    alerts: Type.Array(AlertSchema),
    deliveries: Type.Array(DeliveryAttemptSchema),
    rules: Type.Optional(Type.Array(AlertRuleSchema)),
    rulesSource: Type.Optional(Type.String()),
    notifiers: Type.Optional(Type.Array(NotifierInfoSchema)),
    /** Every silence in force or scheduled: in a full frame, and again whenever one is added, starts or ends. */
    silences: Type.Optional(Type.Array(SilenceSchema)),
  },
  STRICT,
);

/** Hub -> dashboard: a request it could not serve; the socket stays open. */
export const LiveErrorSchema = Type.Object({
  type: Type.Literal('error'),
  message: Type.String(),
  topic: Type.Optional(Type.String()),
}, STRICT);

/** Every message the hub sends a dashboard. */
export const LiveServerMessageSchema = Type.Union([
  LiveWelcomeSchema,
  SnapshotSchema,
  LiveSampleSchema,
  LiveProcessesSchema,
  HostStatusSchema,
  OverviewFrameSchema,
  StatsFrameSchema,
  AlertsFrameSchema,
  LiveErrorSchema,
  HandshakeSchema,
]);

export type Subscribe = Static<typeof SubscribeSchema>;
export type Unsubscribe = Static<typeof UnsubscribeSchema>;
export type LiveClientMessage = Static<typeof LiveClientMessageSchema>;
export type LiveWelcome = Static<typeof LiveWelcomeSchema>;
export type Snapshot = Static<typeof SnapshotSchema>;
export type LiveSample = Static<typeof LiveSampleSchema>;
export type LiveProcesses = Static<typeof LiveProcessesSchema>;
export type HostStatus = Static<typeof HostStatusSchema>;
export type OverviewFrame = Static<typeof OverviewFrameSchema>;
export type StatsFrame = Static<typeof StatsFrameSchema>;
export type AlertsFrame = Static<typeof AlertsFrameSchema>;
export type LiveError = Static<typeof LiveErrorSchema>;
export type LiveServerMessage = Static<typeof LiveServerMessageSchema>;
