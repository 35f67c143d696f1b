import type { TSchema, Static } from '@sinclair/typebox';
import { TypeCompiler, ValueErrorType, type TypeCheck } from '@sinclair/typebox/compiler';
import {
  AgentHelloSchema,
  AgentMessageSchema,
  AgentProcessesSchema,
  AgentSampleSchema,
  AgentUnderstandsSchema,
  AgentWatchedSchema,
  HubToAgentMessageSchema,
  HubWatchSchema,
  HubWelcomeSchema,
} from './agent-messages.js';
import type { AgentMessage, HubToAgentMessage } from './agent-messages.js';
import { AlertRuleSchema, AlertSchema, DeliveryAttemptSchema, WebhookPayloadSchema } from './alerts.js';
import { AgentTokenRequestSchema, AgentTokenResponseSchema, AgentTokensResponseSchema } from './agent-tokens.js';
import { HostInfoSchema, HostNameRequestSchema, HostSummarySchema } from './host.js';
import { HubInfoSchema } from './hub-info.js';
import { HubTokenRotationSchema, HubTokenValueSchema } from './hub-tokens.js';
import { HandshakeSchema, InspectResponseSchema, InspectSchema } from './inspect.js';
import { LabRequestSchema, LabStateSchema } from './lab.js';
import { SilenceRequestSchema, SilenceSchema, SilencesResponseSchema } from './silences.js';
import { AlertHistoryResponseSchema } from './alert-history.js';
import {
  AlertsResponseSchema,
  ErrorResponseSchema,
  HealthResponseSchema,
  HostsResponseSchema,
  OverviewResponseSchema,
  ProcessesResponseSchema,
  ReadyResponseSchema,
  SamplesResponseSchema,
  TimeResponseSchema,
} from './http-api.js';
import {
  AlertsFrameSchema,
  HostStatusSchema,
  LiveClientMessageSchema,
  LiveErrorSchema,
  LiveProcessesSchema,
  LiveSampleSchema,
  LiveServerMessageSchema,
  LiveWelcomeSchema,
  OverviewFrameSchema,
  SnapshotSchema,
  StatsFrameSchema,
  SubscribeSchema,
  UnsubscribeSchema,
} from './live-messages.js';
import type { LiveClientMessage, LiveServerMessage } from './live-messages.js';
import { ProcessTableSchema } from './processes.js';
import { InventorySchema, SampleSchema } from './sample.js';
import type { Sample } from './sample.js';
import { SeriesResponseSchema } from './series.js';
import { HubStatsSchema } from './stats.js';
import { PROTOCOL_VERSION } from './constants.js';
import { BusHeartbeatSchema, BusHelloSchema, BusHostNameSchema, BusLeaseSchema, BusMessageSchema, BusSampleSchema, BusSenderLeaseSchema, BusStatusSchema, BusTransitionSchema } from './bus-messages.js';
import type { BusHostName, BusLease, BusMessage } from './bus-messages.js';

/** Every schema the protocol defines, by name; the golden fixtures are named after these. */
export const schemas = {
  AgentHello: AgentHelloSchema,
  AgentSample: AgentSampleSchema,
  AgentProcesses: AgentProcessesSchema,
  HubWelcome: HubWelcomeSchema,
  Subscribe: SubscribeSchema,
  Unsubscribe: UnsubscribeSchema,
  LiveWelcome: LiveWelcomeSchema,
  Snapshot: SnapshotSchema,
  LiveSample: LiveSampleSchema,
  LiveProcesses: LiveProcessesSchema,
  HostStatus: HostStatusSchema,
  OverviewFrame: OverviewFrameSchema,
  StatsFrame: StatsFrameSchema,
  AlertsFrame: AlertsFrameSchema,
  LiveError: LiveErrorSchema,
  OverviewResponse: OverviewResponseSchema,
  HostsResponse: HostsResponseSchema,
  HostResponse: HostInfoSchema,
  SamplesResponse: SamplesResponseSchema,
  ProcessesResponse: ProcessesResponseSchema,
  SeriesResponse: SeriesResponseSchema,
  TimeResponse: TimeResponseSchema,
  AlertsResponse: AlertsResponseSchema,
  ErrorResponse: ErrorResponseSchema,
  HealthResponse: HealthResponseSchema,
  ReadyResponse: ReadyResponseSchema,
  HubStats: HubStatsSchema,
  HostSummary: HostSummarySchema,
  Sample: SampleSchema,
  Inventory: InventorySchema,
  ProcessTable: ProcessTableSchema,
  AlertRule: AlertRuleSchema,
  Alert: AlertSchema,
  DeliveryAttempt: DeliveryAttemptSchema,
  WebhookPayload: WebhookPayloadSchema,
  BusSample: BusSampleSchema,
  BusHello: BusHelloSchema,
  BusStatus: BusStatusSchema,
  BusHeartbeat: BusHeartbeatSchema,
  BusLease: BusLeaseSchema,
  BusHostName: BusHostNameSchema,
  BusSenderLease: BusSenderLeaseSchema,
  BusTransition: BusTransitionSchema,
  LabRequest: LabRequestSchema,
  LabState: LabStateSchema,
  Inspect: InspectSchema,
  Handshake: HandshakeSchema,
  InspectResponse: InspectResponseSchema,
  AgentTokenRequest: AgentTokenRequestSchema,
  AgentTokenResponse: AgentTokenResponseSchema,
  AgentTokensResponse: AgentTokensResponseSchema,
  HubTokenRotation: HubTokenRotationSchema,
  HubTokenValue: HubTokenValueSchema,
  HubInfo: HubInfoSchema,
  HostNameRequest: HostNameRequestSchema,
  Silence: SilenceSchema,
  SilenceRequest: SilenceRequestSchema,
  SilencesResponse: SilencesResponseSchema,
  AlertHistoryResponse: AlertHistoryResponseSchema,
  AgentUnderstands: AgentUnderstandsSchema,
  AgentWatched: AgentWatchedSchema,
  HubWatch: HubWatchSchema,
} as const;

/** Name of one protocol schema. */
export type SchemaName = keyof typeof schemas;

/** The type a named schema describes. */
export type SchemaValue<N extends SchemaName> = Static<(typeof schemas)[N]>;

const compiled = new Map<TSchema, TypeCheck<TSchema>>();

/**
 * A validator compiled once (TypeBox's TypeCompiler emits a plain JS function per
 * schema, so checking a sample costs about a microsecond and allocates nothing).
 */
export function checker<T extends TSchema>(schema: T): TypeCheck<T> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check as TypeCheck<T>;
}

/** True when `value` is a valid instance of the named schema. */
export function isValid<N extends SchemaName>(name: N, value: unknown): value is SchemaValue<N> {
  return checker(schemas[name]).Check(value);
}

/** An HTTP request body as parsed: its value, or what is wrong and in which field ("body" for the whole). */
export type RequestParse<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** What a schema accepts, in a person's words: "must be a whole number from 1 to 1000". */
function expectation(schema: TSchema, fallback: string): string {
  const s = schema as { type?: string; anyOf?: { const?: unknown }[]; minimum?: number; maximum?: number; pattern?: string; minLength?: number; maxLength?: number };
  const consts = s.anyOf?.map((option) => option.const);
  if (consts && consts.every((value) => value !== undefined)) {
    const names = consts.map((value) => JSON.stringify(value));
    return `must be ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  }
  if (s.type === 'object') return 'must be a JSON object';
  if (s.type === 'integer' && s.minimum !== undefined && s.maximum !== undefined) return `must be a whole number from ${s.minimum} to ${s.maximum}`;
  if (s.type === 'integer') return `must be a whole number${s.minimum === undefined ? '' : ` of at least ${s.minimum}`}`;
  if (s.type === 'string' && s.pattern !== undefined) return `must be text matching ${s.pattern}`;
  if (s.type === 'string' && s.maxLength !== undefined) return `must be text of ${s.minLength ?? 0} to ${s.maxLength} characters`;
  return fallback.replace(/^Expected/, 'expected');
}

/**
 * Parses and validates an HTTP request body against the named protocol schema. A
 * refusal names the field at fault, says what would be accepted, and shows what came.
 */
export function parseRequest<N extends SchemaName>(name: N, text: string): RequestParse<SchemaValue<N>> {
  const schema = schemas[name];
  const json = parseJson(text);
  if (!json.ok) return { ok: false, field: 'body', message: `body: must be a JSON object: ${json.detail}` };
  const check = checker(schema);
  if (check.Check(json.value)) return { ok: true, value: json.value };
  const error = check.Errors(json.value).First()!;
  const field = error.path.split('/').filter(Boolean).join('.') || 'body';
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const fields = Object.keys((schema as { properties?: object }).properties ?? {});
    return { ok: false, field, message: `${field}: is not a field of this request; the fields are ${fields.join(', ')}` };
  }
  const got = error.value === undefined ? 'nothing' : JSON.stringify(error.value);
  return { ok: false, field, message: `${field}: ${expectation(error.schema, error.message)}, got ${got}` };
}

/** Why a frame was refused; each fault has a close code of the same name. */
export type ParseFault = 'malformedJson' | 'invalidMessage' | 'unsupportedVersion';

/** Outcome of parsing one frame. */
export type ParseResult<T> = { ok: true; message: T } | { ok: false; fault: ParseFault; detail: string };

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

// Each parser compiles its schema on first use, so a process compiles only what it
// reads: the agent, one small schema instead of four.
function parseWith<T extends TSchema>(schema: T, text: string): ParseResult<Static<T>> {
  const check = checker(schema);
  const json = parseJson(text);
  if (!json.ok) return { ok: false, fault: 'malformedJson', detail: json.detail };
  if (check.Check(json.value)) return { ok: true, message: json.value };
  const first = check.Errors(json.value).First();
  const detail = first ? `${first.path || '/'}: ${first.message}` : 'does not match the protocol';
  return { ok: false, fault: 'invalidMessage', detail };
}

/** The first name that two entries of one of a sample's lists share, with the list's name; null when none. */
function duplicateListName(sample: Sample): string | null {
  const lists: [string, string[]][] = [
    ['net', sample.net.map((x) => x.name)],
    ['disk', sample.disk.map((x) => x.name)],
    ['fs', (sample.fs ?? []).map((x) => x.mount)],
    ['temps', (sample.temps ?? []).map((x) => x.label)],
  ];
  for (const [list, names] of lists) {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) return `/sample/${list}: "${name}" appears twice`;
      seen.add(name);
    }
  }
  return null;
}

/**
 * Parses and validates one agent frame; a hello with another protocol version is
 * refused as such, and a sample naming one interface, device, mount or sensor twice
 * as invalid (the hub keeps each by its name).
 */
export function parseAgentMessage(text: string): ParseResult<AgentMessage> {
  const result = parseWith(AgentMessageSchema, text);
  if (result.ok && result.message.type === 'sample') {
    const duplicate = duplicateListName(result.message.sample);
    if (duplicate !== null) return { ok: false, fault: 'invalidMessage', detail: duplicate };
  }
  if (result.ok && result.message.type === 'hello' && result.message.protocolVersion !== PROTOCOL_VERSION) {
    return {
      ok: false,
      fault: 'unsupportedVersion',
      detail: `protocol version ${result.message.protocolVersion}, hub speaks ${PROTOCOL_VERSION}`,
    };
  }
  return result;
}

/** Parses and validates one dashboard frame. */
export function parseLiveClientMessage(text: string): ParseResult<LiveClientMessage> {
  return parseWith(LiveClientMessageSchema, text);
}

/** Parses and validates one hub frame as an agent receives it. */
export function parseHubToAgentMessage(text: string): ParseResult<HubToAgentMessage> {
  return parseWith(HubToAgentMessageSchema, text);
}

/** Parses and validates one hub frame as a dashboard receives it (used by tests and the bench). */
export function parseLiveServerMessage(text: string): ParseResult<LiveServerMessage> {
  return parseWith(LiveServerMessageSchema, text);
}

/**
 * Parses and validates one bus message. Hubs do not trust the bus blindly: a sample
 * passes the same checks as an agent's, and a hello must speak this protocol version.
 */
export function parseBusMessage(text: string): ParseResult<BusMessage> {
  const result = parseWith(BusMessageSchema, text);
  if (!result.ok) return result;
  const msg = result.message;
  if (msg.type === 'sample') {
    const duplicate = duplicateListName(msg.sample);
    if (duplicate !== null) return { ok: false, fault: 'invalidMessage', detail: duplicate };
  }
  if (msg.type === 'hello' && msg.hello.protocolVersion !== PROTOCOL_VERSION) {
    return { ok: false, fault: 'unsupportedVersion', detail: `protocol version ${msg.hello.protocolVersion}, hub speaks ${PROTOCOL_VERSION}` };
  }
  return result;
}

/** Parses and validates one lease read from the lease bucket. */
export function parseBusLease(text: string): ParseResult<BusLease> {
  return parseWith(BusLeaseSchema, text);
}

/** Parses and validates one display name read from the names bucket. */
export function parseBusHostName(text: string): ParseResult<BusHostName> {
  return parseWith(BusHostNameSchema, text);
}
