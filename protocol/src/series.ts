import { Type, type Static } from '@sinclair/typebox';
import { HostIdSchema, RunIdSchema } from './sample.js';

/** Where a series answer's buckets come from: raw samples, or the 1-minute or 1-hour roll-ups. */
export const TIERS = ['raw', '1m', '1h'] as const;

/** One storage tier. */
export type Tier = (typeof TIERS)[number];

/** Buckets a series query asks for when it names no `points`. */
export const DEFAULT_SERIES_POINTS = 600;

/** Most buckets a series query may ask for; more is capped to it. */
export const MAX_SERIES_POINTS = 2000;

/**
 * Most bytes the hub sends to open a window (a snapshot, a series answer): a wider
 * host or window gets fewer, wider buckets rather than more bytes, so a dashboard
 * on a slow link opens any window without stalling.
 */
export const MAX_WINDOW_LOAD_BYTES = 256 * 1024;

const Values = Type.Array(Type.Union([Type.Number(), Type.Null()]));

/**
 * One chart line over the buckets of a series answer: `avg[i]` is the mean of the
 * line in bucket `t[i]`, `min[i]` and `max[i]` its extremes; null where the line has
 * no value in that bucket. `min` and `max` are left out when every bucket holds one
 * sample, as they would equal `avg`.
 */
export const SeriesLineSchema = Type.Object({
  id: Type.String(),
  avg: Values,
  min: Type.Optional(Values),
  max: Type.Optional(Values),
});

/**
 * GET /api/hosts/:id/series?from=MS&to=MS&points=N (default: the last 5 minutes,
 * DEFAULT_SERIES_POINTS, capped at MAX_SERIES_POINTS), and a windowed snapshot: a
 * host's chart lines over [fromMs, toMs], bucketed so the answer fits a screen:
 * each bucket is `bucketMs` wide and starts at `t[i]`; only buckets with data are
 * listed. `tier` says which store the buckets were computed from. `runId` and
 * `lastSeq` name the newest sample folded in, so a live stream continues after it.
 * The buckets come from the coarsest tier that still gives `points` of them. ETag:
 * the query and the host's newest sample, so If-None-Match answers 304 when nothing is new.
 */
export const SeriesResponseSchema = Type.Object({
  hostId: HostIdSchema,
  fromMs: Type.Integer({ minimum: 0 }),
  toMs: Type.Integer({ minimum: 0 }),
  tier: Type.Union(TIERS.map((tier) => Type.Literal(tier))),
  bucketMs: Type.Integer({ minimum: 1 }),
  runId: Type.Union([RunIdSchema, Type.Null()]),
  lastSeq: Type.Integer({ minimum: 0 }),
  t: Type.Array(Type.Integer({ minimum: 0 })),
  lines: Type.Array(SeriesLineSchema),
});

export type SeriesLine = Static<typeof SeriesLineSchema>;
export type SeriesResponse = Static<typeof SeriesResponseSchema>;
