/**
 * Version of the wire protocol; agents and dashboards announce it, the hub refuses any
 * other. Raised only for a breaking change: additive fields are optional and listed in
 * ADDITIVE_SAMPLE_FIELDS instead (the rule: docs/api.md, "Mixing agent and hub versions").
 */
export const PROTOCOL_VERSION = 1;

/**
 * Optional sample fields added since protocol version 1, as `group.field` (group: the
 * sample's property, a list such as `fs` or an object such as `mem`). A hub lists
 * the ones it takes in its welcome's `accepts`; an agent leaves out of its samples
 * those a hub does not list, so an older, strict hub never refuses a newer agent.
 */
export const ADDITIVE_SAMPLE_FIELDS = ['fs.availableBytes', 'net.rxDroppedPerSec', 'net.txDroppedPerSec', 'net.inTotal', 'disk.inTotal'] as const;

/** Most bytes one WebSocket message may carry, in either direction. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Pattern every host id must match: it is used in topic names, URLs and Prometheus labels. */
export const HOST_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/** Pattern every run id must match. */
export const RUN_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** Pattern of a hub id on the bus: one NATS subject token. */
export const HUB_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** WebSocket path agents connect to. */
export const AGENT_PATH = '/agent';

/** WebSocket path dashboards connect to. */
export const LIVE_PATH = '/live';

/** The load lab's HTTP API: POST starts or changes the lab, GET reads it, DELETE stops it. */
export const LAB_PATH = '/api/lab';

/** The admin API of per-host agent tokens: POST mints one, GET lists host ids, DELETE /:hostId revokes. */
export const AGENT_TOKENS_PATH = '/api/agent-tokens';

/** The hub's own tokens, which it makes once and keeps in its data dir: POST /:name/rotate replaces one. */
export const HUB_TOKENS_PATH = '/api/hub-tokens';

/** Where a dashboard reads how this hub is reached and what its agents need (GET, viewer). */
export const HUB_INFO_PATH = '/api/hub';

/** Names of the hub's own tokens: `agent`, the one any agent may send; `admin`, for changes through the API. */
export const HUB_TOKEN_NAMES = ['agent', 'admin'] as const;

/** One of the hub's own tokens. */
export type HubTokenName = (typeof HUB_TOKEN_NAMES)[number];

/**
 * A minted agent token as the hub hands it out: 32 random bytes in base64url, 43
 * characters, never starting with "-", safe to pass on a command line unquoted.
 */
export const MINTED_TOKEN_PATTERN = '^[A-Za-z0-9_][A-Za-z0-9_-]{42}$';

/** Where a poller reads back its own recent requests and the hub's answers (the wire inspector). */
export const INSPECT_PATH = '/api/inspect';

/** Header a polling client may send so the hub counts it as one client across requests. */
export const CLIENT_ID_HEADER = 'x-hostpulse-client';

/** A host is offline once this many of its sample intervals pass with no sample. */
export const OFFLINE_AFTER_MISSED_INTERVALS = 3;

/** Most samples one /api/hosts/:id/samples response carries; larger `limit`s are capped to it. */
export const MAX_SAMPLES_LIMIT = 3600;

/**
 * Most bytes one /api/hosts/:id/samples response takes: a wide host gets fewer
 * samples per answer and `more` true, rather than a bigger answer.
 */
export const MAX_SAMPLES_RESPONSE_BYTES = 256 * 1024;

/** Samples returned when a request gives no `limit`. */
export const DEFAULT_SAMPLES_LIMIT = 300;

/** Most simulated viewers one lab runs. */
export const LAB_MAX_VIEWERS = 1000;

/** Fastest poll interval a lab's viewers may use, in milliseconds. */
export const LAB_MIN_INTERVAL_MS = 50;

/** Slowest poll interval a lab's viewers may use, in milliseconds. */
export const LAB_MAX_INTERVAL_MS = 10_000;

/** Poll interval when a lab request names none. */
export const LAB_DEFAULT_INTERVAL_MS = 1000;

/** A lab stops by itself this long after it started, whatever changed since. */
export const LAB_TIME_LIMIT_MS = 10 * 60_000;

/** Shortest sampling interval the hub takes from an agent's hello; a shorter one is raised to it. */
export const MIN_AGENT_INTERVAL_MS = 100;

/** Longest sampling interval the hub takes from an agent's hello; a longer one is lowered to it. */
export const MAX_AGENT_INTERVAL_MS = 3_600_000;

/**
 * Names of the faults the hub counts; each bad agent or dashboard input has one, `bus`
 * counts NATS outages and failed publishes, `busInvalid` bus messages that fail validation,
 * `clockSkew` samples dated too far from the hub's clock, kept at their receive time.
 * `tooManySockets` upgrades past --max-sockets-per-address (HTTP 429) and `outOfDescriptors`
 * upgrades refused because the hub's file descriptors are nearly all in use (HTTP 503).
 */
export const FAULT_KINDS = [
  'malformedJson',
  'invalidMessage',
  'unsupportedVersion',
  'unexpectedMessage',
  'messageTooBig',
  'rateLimited',
  'hostIdConflict',
  'tooManyHosts',
  'unauthorized',
  'forbiddenOrigin',
  'forbiddenHost',
  'slowClientDropped',
  'badRequest',
  'storage',
  'bus',
  'busInvalid',
  'clockSkew',
  'tooManySockets',
  'outOfDescriptors',
] as const;

/** One kind of fault the hub counts. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Pattern of a host tag's key (`role` in `--tags role=db`): safe in URLs, labels and CSS. */
export const TAG_KEY_PATTERN = '^[A-Za-z][A-Za-z0-9_.-]{0,31}$';

/** Pattern of a host tag's value (`db` in `--tags role=db`). */
export const TAG_VALUE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$';

/** Most tags one host may carry. */
export const MAX_TAGS = 16;

/** Longest command line a process row carries, in characters; the agent cuts longer ones. */
export const MAX_COMMAND_CHARS = 200;

/** The agent sends the union of this many processes by CPU and this many by memory. */
export const TOP_PROCESSES = 15;

/** Most process groups (cgroups) one process table carries: the busiest by CPU and by memory. */
export const MAX_PROCESS_GROUPS = 64;
/** Where a series answer's buckets come from: raw samples, or the 1-minute or 1-hour roll-ups. */
export const TIERS = ['raw', '1m', '1h'] as const;

/** Buckets a series query asks for when it names no `points`. */
export const DEFAULT_SERIES_POINTS = 600;

/** Most buckets a series query may ask for; more is capped to it. */
export const MAX_SERIES_POINTS = 2000;

/**
 * Most buckets times chart lines one window answer holds (a series answer, a
 * snapshot's series): a host with many lines (cores, interfaces, disks) gets fewer,
 * wider buckets, so the hub's work per answer is bounded as well as its bytes.
 */
export const MAX_SERIES_LINE_POINTS = 12_000;

/**
 * Most bytes the hub sends to open a window (a snapshot, a series answer): a wider
 * host or window gets fewer, wider buckets rather than more bytes, so a dashboard
 * on a slow link opens any window without stalling.
 */
export const MAX_WINDOW_LOAD_BYTES = 256 * 1024;

/** Most process patterns one `watch` message gives an agent: the most process rules an alerts file may hold. */
export const MAX_WATCHED_PATTERNS = 32;

/**
 * Most matching processes an agent lists per pattern in a `watched` report: the
 * busiest half of them and the largest half (its `count` still counts all). With
 * MAX_WATCHED_PATTERNS, a report stays well within MAX_MESSAGE_BYTES.
 */
export const MAX_WATCHED_PROCESSES = 8;

/** Processes an alert on CPU, memory or disk keeps from its host's table at the moment it fired. */
export const ALERT_TOP_PROCESSES = 5;
