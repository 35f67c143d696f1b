/** Version of the wire protocol; agents and dashboards announce it, the hub refuses any other. */
export const PROTOCOL_VERSION = 1;

/** Most bytes one WebSocket message may carry, in either direction. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

/** Pattern every host id must match: it is used in topic names, URLs and Prometheus labels. */
export const HOST_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/** Pattern every run id must match. */
export const RUN_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

/** WebSocket path agents connect to. */
export const AGENT_PATH = '/agent';

/** WebSocket path dashboards connect to. */
export const LIVE_PATH = '/live';

/** Header a polling client may send so the hub counts it as one client across requests. */
export const CLIENT_ID_HEADER = 'x-hostpulse-client';

/** A host is offline once this many of its sample intervals pass with no sample. */
export const OFFLINE_AFTER_MISSED_INTERVALS = 3;

/** Most samples one /api/hosts/:id/samples response carries; larger `limit`s are capped to it. */
export const MAX_SAMPLES_LIMIT = 3600;

/** Samples returned when a request gives no `limit`. */
export const DEFAULT_SAMPLES_LIMIT = 300;

/** Names of the faults the hub counts; each bad agent or dashboard input has one. */
export const FAULT_KINDS = [
  'malformedJson',
  'invalidMessage',
  'unsupportedVersion',
  'unexpectedMessage',
  'messageTooBig',
  'rateLimited',
  'hostIdConflict',
  'unauthorized',
  'forbiddenOrigin',
  'slowClientDropped',
  'badRequest',
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
