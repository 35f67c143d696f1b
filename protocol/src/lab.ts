import { Type, type Static } from '@sinclair/typebox';
import { STRICT } from './schema-options.js';
import { LAB_MAX_INTERVAL_MS, LAB_MAX_VIEWERS, LAB_MIN_INTERVAL_MS } from './constants.js';

const Count = Type.Number({ minimum: 0 });
const Mode = Type.Union([Type.Literal('push'), Type.Literal('poll')]);

/** What a lab runs: `viewers` simulated dashboards, all in one mode, all watching one topic. */
export const LabSettingsSchema = Type.Object({
  viewers: Type.Integer({ minimum: 1, maximum: LAB_MAX_VIEWERS }),
  mode: Mode,
  /** Poll interval; kept in push mode, so a swap to poll uses it. */
  intervalMs: Type.Integer({ minimum: LAB_MIN_INTERVAL_MS, maximum: LAB_MAX_INTERVAL_MS }),
  /** `overview` or `host/<id>` of a host the hub knows. */
  topic: Type.String({ maxLength: 128 }),
}, STRICT);

/**
 * POST /api/lab: starts a lab, or changes the running one when `labId` names it.
 * `intervalMs` defaults to LAB_DEFAULT_INTERVAL_MS and `topic` to `overview`.
 * A start while another lab runs, or a `labId` of a lab no longer running, is a 409.
 */
export const LabRequestSchema = Type.Object({
  viewers: LabSettingsSchema.properties.viewers,
  mode: Mode,
  intervalMs: Type.Optional(LabSettingsSchema.properties.intervalMs),
  topic: Type.Optional(LabSettingsSchema.properties.topic),
  labId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
}, STRICT);

/**
 * What the lab's viewers measured over the last second, on their own side: data age is
 * their receive time minus the hub's receive time of each update (same machine, same clock).
 */
export const LabFiguresSchema = Type.Object({
  tsMs: Type.Integer({ minimum: 0 }),
  /** The viewers' transport during that second. */
  mode: Mode,
  /** Viewers holding an open socket (push) or polling (poll). */
  connected: Type.Integer({ minimum: 0 }),
  updatesPerSec: Count,
  /** null when no update arrived that second. */
  dataAgeP50Ms: Type.Union([Count, Type.Null()]),
  dataAgeP95Ms: Type.Union([Count, Type.Null()]),
  requestsPerSec: Count,
  notModifiedPerSec: Count,
  rxBytesPerSec: Count,
  txBytesPerSec: Count,
  /** Failed requests, refused subscriptions and socket errors since the lab (or its last change) started. */
  errors: Type.Integer({ minimum: 0 }),
  /** The lab process's own CPU, percent of one core. */
  cpuPct: Count,
}, STRICT);

/** Why a lab stopped. */
export const LabStopReasonSchema = Type.Union([
  Type.Literal('stopped'),
  Type.Literal('timeLimit'),
  Type.Literal('failed'),
  Type.Literal('hubStopping'),
]);

/** A running lab. */
export const LabRunSchema = Type.Object({
  id: Type.String(),
  settings: LabSettingsSchema,
  /** The lab process, separate from the hub's. */
  pid: Type.Integer({ minimum: 1 }),
  startedMs: Type.Integer({ minimum: 0 }),
  /** When it stops by itself (LAB_TIME_LIMIT_MS after it started). */
  stopsAtMs: Type.Integer({ minimum: 0 }),
  /** null until the viewers' first second is measured. */
  figures: Type.Union([LabFiguresSchema, Type.Null()]),
}, STRICT);

/** GET, POST and DELETE /api/lab answer with the lab's state. */
export const LabStateSchema = Type.Object({
  /** Whether POST and DELETE need the admin token (set when the hub has a viewer or admin token). */
  adminTokenRequired: Type.Boolean(),
  lab: Type.Union([LabRunSchema, Type.Null()]),
  /** How the last lab ended, if one did. */
  lastStop: Type.Union([
    Type.Object({ id: Type.String(), reason: LabStopReasonSchema, atMs: Type.Integer({ minimum: 0 }), detail: Type.String() }, STRICT),
    Type.Null(),
  ]),
}, STRICT);

export type LabSettings = Static<typeof LabSettingsSchema>;
export type LabRequest = Static<typeof LabRequestSchema>;
export type LabFigures = Static<typeof LabFiguresSchema>;
export type LabStopReason = Static<typeof LabStopReasonSchema>;
export type LabRun = Static<typeof LabRunSchema>;
export type LabState = Static<typeof LabStateSchema>;

/**
 * Hub -> lab process, over Node's IPC channel: `run` starts the viewers or changes
 * them to `settings` (a run with only a new poll interval retunes them in place);
 * `stop` closes them and ends the process.
 */
export type LabCommand =
  | { type: 'run'; seq: number; settings: LabSettings; baseUrl: string; authorization: string | undefined; labId: string }
  | { type: 'stop' };

/** Lab process -> hub: a run applied (or failed), and the viewers' figures once a second. */
export type LabReport =
  | { type: 'ready'; seq: number }
  | { type: 'failed'; seq: number; message: string }
  | { type: 'figures'; figures: LabFigures };
