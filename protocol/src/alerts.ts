import { Type, type Static } from '@sinclair/typebox';
import { ProcessMatcherSchema } from './agent-messages.js';
import { ALERT_TOP_PROCESSES, MAX_COMMAND_CHARS } from './constants.js';
import { HostIdSchema, TagsSchema } from './sample.js';
import { STRICT } from './schema-options.js';

/**
 * What an alert rule can watch. `fs.usedPct` is per mount, `net.*` per interface,
 * `disk.busyPct` per device; `temp.maxC` is the hottest sensor; `host.offline`
 * takes no op or threshold.
 */
export const ALERT_METRICS = [
  'cpu.busyPct',
  'mem.usedPct',
  'swap.usedPct',
  'load1',
  'fs.usedPct',
  'net.rxBytesPerSec',
  'net.txBytesPerSec',
  'disk.busyPct',
  'temp.maxC',
  'host.offline',
  'process.absent',
  'process.cpuPct',
  'process.rssBytes',
] as const;

/**
 * Metrics of the processes a rule's `process` matcher picks, reported by agents that
 * watch them: `process.absent` is the number of matching processes (the rule takes
 * no op or threshold: it holds while none runs), `process.cpuPct` and
 * `process.rssBytes` the highest of the matching ones (0 when none runs).
 */
export const PROCESS_METRICS = ['process.absent', 'process.cpuPct', 'process.rssBytes'] as const;

/** Metrics whose alerts keep the host's top processes of the moment they fire: CPU, memory and disk I/O. */
export const WHO_DID_IT_METRICS = ['cpu.busyPct', 'mem.usedPct', 'swap.usedPct', 'load1', 'disk.busyPct'] as const;

/** One metric a rule can watch. */
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** Comparisons a rule can make between a value and its threshold. */
export const ALERT_OPS = ['>', '>=', '<', '<='] as const;

/** The services a channel URL (ntfy://, slack://, smtp:// ...) delivers to. */
export const CHANNEL_SERVICES = ['ntfy', 'gotify', 'slack', 'discord', 'telegram', 'matrix', 'teams', 'email', 'generic'] as const;
/** A service a channel URL delivers to. */
export type ChannelService = (typeof CHANNEL_SERVICES)[number];
/** What a notifier is: a signed webhook, Alertmanager, or a channel's service. */
const NotifierTypeSchema = Type.Union([Type.Literal('webhook'), Type.Literal('alertmanager'), ...CHANNEL_SERVICES.map((s) => Type.Literal(s))]);

/** One comparison. */
export type AlertOp = (typeof ALERT_OPS)[number];

/** States of one alert: `pending` until its condition held for the rule's `for`, then `firing`, then `resolved`. */
export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const;

/** One alert state. */
export type AlertState = (typeof ALERT_STATES)[number];

const Name = Type.String({ minLength: 1, maxLength: 128 });
const Ms = Type.Integer({ minimum: 0 });
const Metric = Type.Union(ALERT_METRICS.map((m) => Type.Literal(m)));
const Op = Type.Union(ALERT_OPS.map((op) => Type.Literal(op)));
const Labels = Type.Record(Type.String(), Type.String());

/**
 * One alert rule as the hub applies it. A metric rule turns active when a value
 * passes `threshold` by `op` and turns inactive only once it passes back beyond
 * `clear` (the hysteresis band lies between them); it fires after staying active
 * for `forMs`. `hostIds` lists host id patterns (`*` matches any run of
 * characters) and `hostTags` tags a host must all carry; absent, either covers
 * every host.
 */
export const AlertRuleSchema = Type.Object(
  {
    name: Name,
    metric: Metric,
    op: Type.Optional(Op),
    threshold: Type.Optional(Type.Number()),
    clear: Type.Optional(Type.Number()),
    forMs: Ms,
    severity: Name,
    /** How long a firing alert's condition must stay clear before it resolves (none for host.offline). */
    clearForMs: Type.Optional(Ms),
    hostIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }))),
    hostTags: Type.Optional(TagsSchema),
    /** A disabled rule is kept and shown but not evaluated: it raises no alerts. */
    disabled: Type.Optional(Type.Literal(true)),
    /** The processes a process.* rule watches; no other rule takes it. */
    process: Type.Optional(ProcessMatcherSchema),
    /** The notifiers this rule's alerts go to, in place of those its route names. */
    notify: Type.Optional(Type.Array(Name)),
  },
  STRICT,
);

/** One process an alert names: who used the CPU, memory or disk when it fired. */
export const AlertProcessSchema = Type.Object(
  {
    pid: Type.Integer({ minimum: 1 }),
    name: Type.String({ maxLength: 64 }),
    /** Absent for a process.* alert's matching processes: the agent reports no user for them. */
    user: Type.Optional(Type.String({ maxLength: 64 })),
    command: Type.String({ maxLength: MAX_COMMAND_CHARS }),
    cpuPct: Type.Number({ minimum: 0 }),
    rssBytes: Type.Number({ minimum: 0 }),
    state: Type.Optional(Type.String({ pattern: '^[A-Za-z]$' })),
  },
  STRICT,
);

/** The processes kept with an alert when it fired, with the time of the agent's reading they come from. */
export const AlertTopProcessesSchema = Type.Object(
  {
    tsMs: Ms,
    processes: Type.Array(AlertProcessSchema, { maxItems: ALERT_TOP_PROCESSES }),
  },
  STRICT,
);

/**
 * One alert: a rule's state on one host (and one mount, interface or device,
 * named in `labels`). `activeSinceMs` is when its condition started to hold,
 * `startsAtMs` when it fired, `endsAtMs` when it resolved. `value` is the latest
 * value that changed its state or, while firing, the latest seen (for
 * host.offline, 1 offline and 0 back online).
 */
export const AlertSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 512 }),
    rule: Name,
    metric: Metric,
    hostId: HostIdSchema,
    labels: Labels,
    severity: Name,
    state: Type.Union(ALERT_STATES.map((s) => Type.Literal(s))),
    op: Type.Optional(Op),
    threshold: Type.Union([Type.Number(), Type.Null()]),
    value: Type.Number(),
    activeSinceMs: Ms,
    startsAtMs: Type.Union([Ms, Type.Null()]),
    endsAtMs: Type.Union([Ms, Type.Null()]),
    updatedMs: Ms,
    /** The silence in force over this alert, as the hub serves it: its notifications are held back until the silence ends. */
    silencedBy: Type.Optional(Type.Object({ id: Type.String(), comment: Type.String(), endsAtMs: Ms }, STRICT)),
    /**
     * Who did it: for a CPU, memory or disk alert, the top ALERT_TOP_PROCESSES processes
     * of the host's process table nearest to when it fired (by CPU; by memory for
     * mem.usedPct and swap.usedPct; those waiting on disk first for disk.busyPct); for
     * process.cpuPct and process.rssBytes, the busiest matching ones. Absent when the hub
     * held no table from about then.
     */
    topProcesses: Type.Optional(AlertTopProcessesSchema),
  },
  STRICT,
);

/**
 * One attempt to deliver an alert's state change to a notifier. `status` is the
 * receiver's HTTP status, or 250 when an SMTP server took a mail (null when no
 * answer came: refused, timed out, or the mail was refused); `outcome`
 * says whether it was delivered, will be tried again at `retryAtMs`, or was
 * dropped after 24 h of failures or because the notifier left the rules file.
 */
export const DeliveryAttemptSchema = Type.Object(
  {
    deliveryId: Type.String({ minLength: 1, maxLength: 128 }),
    notifier: Name,
    notifierType: NotifierTypeSchema,
    alertId: Type.String({ minLength: 1, maxLength: 512 }),
    rule: Name,
    hostId: HostIdSchema,
    state: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
    attempt: Type.Integer({ minimum: 1 }),
    tsMs: Ms,
    status: Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Type.Null()]),
    outcome: Type.Union([Type.Literal('delivered'), Type.Literal('retrying'), Type.Literal('dropped')]),
    error: Type.Optional(Type.String({ maxLength: 512 })),
    retryAtMs: Type.Optional(Ms),
    /** The idempotency key of the one message it went in with other alerts' state changes (a channel's group); absent when it went alone. */
    groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  STRICT,
);

/** A notifier as dashboards see it: its name, type, where it posts (without secrets) and its queue. */
export const NotifierInfoSchema = Type.Object(
  {
    name: Name,
    type: NotifierTypeSchema,
    url: Type.String(),
    queued: Type.Integer({ minimum: 0 }),
  },
  STRICT,
);

/**
 * The body of a webhook POST, signed with the notifier's secret:
 * `X-Hostpulse-Signature-V2: v2=<hex HMAC-SHA256 of "<X-Hostpulse-Timestamp>.<body>">`
 * (and, for receivers older than it, `X-Hostpulse-Signature: sha256=<hex
 * HMAC-SHA256 of this body>`). `startsAt` and
 * `endsAt` are ISO 8601 times (endsAt null while firing); `dashboardUrl` opens
 * the host on the hub's dashboard.
 */
export const WebhookPayloadSchema = Type.Object(
  {
    rule: Name,
    host: HostIdSchema,
    labels: Labels,
    severity: Name,
    metric: Metric,
    value: Type.Number(),
    threshold: Type.Union([Type.Number(), Type.Null()]),
    state: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
    startsAt: Type.String(),
    endsAt: Type.Union([Type.String(), Type.Null()]),
    dashboardUrl: Type.String(),
    /** The alert's top processes (see Alert.topProcesses), when it keeps any. */
    topProcesses: Type.Optional(Type.Array(AlertProcessSchema, { maxItems: ALERT_TOP_PROCESSES })),
  },
  STRICT,
);

export type AlertRule = Static<typeof AlertRuleSchema>;
export type Alert = Static<typeof AlertSchema>;
export type AlertProcess = Static<typeof AlertProcessSchema>;
export type AlertTopProcesses = Static<typeof AlertTopProcessesSchema>;
export type DeliveryAttempt = Static<typeof DeliveryAttemptSchema>;
export type NotifierInfo = Static<typeof NotifierInfoSchema>;
export type WebhookPayload = Static<typeof WebhookPayloadSchema>;
