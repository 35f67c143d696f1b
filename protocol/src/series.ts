import { Type, type Static } from '@sinclair/typebox';
import { STRICT } from './schema-options.js';
import { TIERS } from './constants.js';
import { HostIdSchema, RunIdSchema } from './sample.js';

/** One storage tier. */
export type Tier = (typeof TIERS)[number];

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
}, STRICT);

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
}, STRICT);

export type SeriesLine = Static<typeof SeriesLineSchema>;
export type SeriesResponse = Static<typeof SeriesResponseSchema>;
