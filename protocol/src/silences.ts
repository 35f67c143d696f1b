import { Type, type Static } from '@sinclair/typebox';
import { TagsSchema } from './sample.js';
import { STRICT } from './schema-options.js';

/** Most host id patterns or rule names one silence lists. */
export const SILENCE_MAX_MATCHERS = 32;
/** A weekly silence's period: 7 × 24 hours, so across a daylight-saving change its window moves an hour in local time. */
export const WEEK_MS = 7 * 24 * 3_600_000;

const Ms = Type.Integer({ minimum: 0 });
const Comment = Type.String({ minLength: 1, maxLength: 512 });

/**
 * What a silence matches; an alert is silenced when it matches every field given
 * (at least one is): its host id one of `hostIds` (patterns where `*` is any run
 * of characters), its host carrying every tag of `hostTags`, its rule one of
 * `rules`. A `containers` field joins these once alerts name containers.
 */
const matchers = {
  hostIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: SILENCE_MAX_MATCHERS })),
  hostTags: Type.Optional(TagsSchema),
  rules: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { minItems: 1, maxItems: SILENCE_MAX_MATCHERS })),
};

/**
 * A silence: from `startsAtMs` to `endsAtMs` the alerts it matches send no
 * notification, though they still change state and show, marked, on the
 * dashboard. One that starts later is a scheduled maintenance window. With
 * `repeat: "weekly"` the window comes back every WEEK_MS until an admin ends it.
 */
export const SilenceSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    ...matchers,
    comment: Comment,
    startsAtMs: Ms,
    endsAtMs: Ms,
    repeat: Type.Optional(Type.Literal('weekly')),
    createdMs: Ms,
  },
  STRICT,
);

/**
 * POST /api/silences: the matchers, a comment, and when it ends, as `endsAtMs`
 * or as `durationMs` from its start (one of the two); `startsAtMs` defaults to now.
 */
export const SilenceRequestSchema = Type.Object(
  {
    ...matchers,
    comment: Comment,
    startsAtMs: Type.Optional(Ms),
    endsAtMs: Type.Optional(Ms),
    durationMs: Type.Optional(Type.Integer({ minimum: 1 })),
    repeat: Type.Optional(Type.Literal('weekly')),
  },
  STRICT,
);

/** GET /api/silences: the silences in force and those scheduled, the soonest end (of a weekly one, its current or next window's) first. */
export const SilencesResponseSchema = Type.Object(
  {
    hubTimeMs: Ms,
    silences: Type.Array(SilenceSchema),
  },
  STRICT,
);

export type Silence = Static<typeof SilenceSchema>;

/** The window of a silence in force at `nowMs`, or else its next one; a silence that does not repeat has one. */
export function silenceWindow(silence: Silence, nowMs: number): { startsAtMs: number; endsAtMs: number } {
  const { startsAtMs, endsAtMs } = silence;
  if (silence.repeat === undefined || nowMs < startsAtMs) return { startsAtMs, endsAtMs };
  let weeks = Math.floor((nowMs - startsAtMs) / WEEK_MS);
  if (nowMs >= endsAtMs + weeks * WEEK_MS) weeks++;
  return { startsAtMs: startsAtMs + weeks * WEEK_MS, endsAtMs: endsAtMs + weeks * WEEK_MS };
}
export type SilenceRequest = Static<typeof SilenceRequestSchema>;
export type SilencesResponse = Static<typeof SilencesResponseSchema>;
