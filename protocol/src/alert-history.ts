import { Type, type Static } from '@sinclair/typebox';
import { HostIdSchema } from './sample.js';
import { STRICT } from './schema-options.js';
import { ALERT_METRICS } from './alerts.js';

/** Most events one GET /api/alerts/history answer holds. */
export const ALERT_HISTORY_MAX_LIMIT = 500;
/** Events an answer holds when the request gives no `limit`. */
export const ALERT_HISTORY_DEFAULT_LIMIT = 100;

/**
 * What happened to an alert: it `fired` or `resolved`; a silence held back its
 * notification (`silenced`) or ended while it still fired, so the notification
 * went (`released`); a notifier took a notification (`delivered`) or did not
 * (`failed`, with the error).
 */
export const ALERT_EVENT_KINDS = ['fired', 'resolved', 'silenced', 'released', 'delivered', 'failed'] as const;
/** One kind of alert event. */
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

const Name = Type.String({ minLength: 1, maxLength: 128 });
const Ms = Type.Integer({ minimum: 0 });

/**
 * One event of an alert's history, as the hub that saw it recorded it. `id`
 * grows with each event a hub records, so a page's last id asks for the older
 * ones. Fired and resolved events carry the alert's metric, labels, severity and value; silence
 * events the silence; delivery events the notifier, the change delivered
 * (`state`), the attempt's number, the receiver's status and, when it failed,
 * the error and whether it is tried again (`outcome`).
 */
export const AlertEventSchema = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    tsMs: Ms,
    kind: Type.Union(ALERT_EVENT_KINDS.map((k) => Type.Literal(k))),
    alertId: Type.String({ minLength: 1, maxLength: 512 }),
    rule: Name,
    hostId: HostIdSchema,
    metric: Type.Optional(Type.Union(ALERT_METRICS.map((m) => Type.Literal(m)))),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    severity: Type.Optional(Name),
    value: Type.Optional(Type.Number()),
    silence: Type.Optional(Type.Object({ id: Type.String(), comment: Type.String(), endsAtMs: Ms }, STRICT)),
    notifier: Type.Optional(Name),
    state: Type.Optional(Type.Union([Type.Literal('firing'), Type.Literal('resolved')])),
    attempt: Type.Optional(Type.Integer({ minimum: 1 })),
    status: Type.Optional(Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Type.Null()])),
    outcome: Type.Optional(Type.Union([Type.Literal('delivered'), Type.Literal('retrying'), Type.Literal('dropped')])),
    error: Type.Optional(Type.String({ maxLength: 512 })),
  },
  STRICT,
);

/**
 * GET /api/alerts/history: events newest first. `olderBefore` is the `before`
 * that asks for the next, older page (null when there is none); `retentionMs`
 * is how long the hub keeps events and `persistent` whether they outlive it (a
 * data dir).
 */
export const AlertHistoryResponseSchema = Type.Object(
  {
    hubTimeMs: Ms,
    events: Type.Array(AlertEventSchema),
    olderBefore: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    retentionMs: Ms,
    persistent: Type.Boolean(),
  },
  STRICT,
);

export type AlertEvent = Static<typeof AlertEventSchema>;
export type AlertHistoryResponse = Static<typeof AlertHistoryResponseSchema>;
