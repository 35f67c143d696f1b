import { Type, type Static } from '@sinclair/typebox';
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
] as const;

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
    /** The notifiers this rule's alerts go to, in place of those its route names. */
    notify: Type.Optional(Type.Array(Name)),
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
  },
  STRICT,
);

export type AlertRule = Static<typeof AlertRuleSchema>;
export type Alert = Static<typeof AlertSchema>;
export type DeliveryAttempt = Static<typeof DeliveryAttemptSchema>;
export type NotifierInfo = Static<typeof NotifierInfoSchema>;
export type WebhookPayload = Static<typeof WebhookPayloadSchema>;
