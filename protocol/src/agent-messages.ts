import { Type, type Static } from '@sinclair/typebox';
import { MAX_COMMAND_CHARS, MAX_WATCHED_PATTERNS, MAX_WATCHED_PROCESSES } from './constants.js';
import { ProcessTableSchema } from './processes.js';
import { OPEN, STRICT } from './schema-options.js';
import { HostIdSchema, InventorySchema, RunIdSchema, SampleSchema } from './sample.js';

/** Agent -> hub, first message on every connection: who is speaking and what the host is. */
export const AgentHelloSchema = Type.Object({
  type: Type.Literal('hello'),
  protocolVersion: Type.Integer(),
  hostId: HostIdSchema,
  runId: RunIdSchema,
  intervalMs: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
  inventory: InventorySchema,
}, STRICT);

/** Agent -> hub: one sample, live or replayed from the agent's buffer after a reconnect. */
export const AgentSampleSchema = Type.Object({
  type: Type.Literal('sample'),
  sample: SampleSchema,
}, STRICT);

/**
 * Agent -> hub: the host's top processes, every --processes-every (5 s by default).
 * Sent only while connected and never replayed: only the latest table matters.
 */
export const AgentProcessesSchema = Type.Object(
  {
    type: Type.Literal('processes'),
    table: ProcessTableSchema,
  },
  STRICT,
);

/**
 * Agent -> hub, right after a welcome that lists `understands` in `accepts`: the hub
 * message types, besides welcome, this agent reads (`watch`). A hub sends an agent no
 * other message: an agent closes the socket on a type it does not know.
 */
export const AgentUnderstandsSchema = Type.Object(
  {
    type: Type.Literal('understands'),
    types: Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 16 }),
  },
  STRICT,
);

/** One process that matched a watched pattern. */
export const WatchedProcessSchema = Type.Object(
  {
    pid: Type.Integer({ minimum: 1 }),
    name: Type.String({ maxLength: 64 }),
    command: Type.String({ maxLength: MAX_COMMAND_CHARS }),
    cpuPct: Type.Number({ minimum: 0, maximum: 102_400 }),
    rssBytes: Type.Number({ minimum: 0 }),
  },
  STRICT,
);

/**
 * Agent -> hub, with every process reading while the hub's last `watch` gave it
 * patterns: for each pattern, by its id, how many processes match and the busiest of
 * them. Never replayed, like `processes`.
 */
export const AgentWatchedSchema = Type.Object(
  {
    type: Type.Literal('watched'),
    hostId: HostIdSchema,
    runId: RunIdSchema,
    tsMs: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    matches: Type.Array(
      Type.Object(
        {
          id: Type.String({ minLength: 1, maxLength: 128 }),
          count: Type.Integer({ minimum: 0 }),
          processes: Type.Array(WatchedProcessSchema, { maxItems: MAX_WATCHED_PROCESSES }),
        },
        STRICT,
      ),
      { maxItems: MAX_WATCHED_PATTERNS },
    ),
  },
  STRICT,
);

/** Every message an agent may send. */
export const AgentMessageSchema = Type.Union([AgentHelloSchema, AgentSampleSchema, AgentProcessesSchema, AgentUnderstandsSchema, AgentWatchedSchema]);

/**
 * Hub -> agent, the answer to hello. `lastSeq` is the last seq the hub holds for
 * this run (0 when it holds none): the agent sends only samples after it. The one
 * schema that takes properties it does not list: agents stay installed on hosts
 * for years, and one must not refuse a newer hub's welcome for a field it ignores.
 */
export const HubWelcomeSchema = Type.Object({
  type: Type.Literal('welcome'),
  protocolVersion: Type.Integer(),
  hostId: HostIdSchema,
  runId: RunIdSchema,
  lastSeq: Type.Integer({ minimum: 0 }),
  hubTimeMs: Type.Integer({ minimum: 0 }),
  /**
   * Agent message types the hub takes besides hello and sample (`processes`), and the
   * additive sample fields it takes (ADDITIVE_SAMPLE_FIELDS, `fs.availableBytes`). An
   * agent sends no other type or additive field to a hub that does not list it, so a
   * newer agent never trips an older hub's strict validation (which would close its
   * socket every time).
   */
  accepts: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 })),
}, OPEN);

const ProcessNameSchema = Type.String({ minLength: 1, maxLength: 64 });
const ProcessCommandSchema = Type.String({ minLength: 1, maxLength: MAX_COMMAND_CHARS });

/**
 * What a process pattern matches: `name` the process's name exactly (as the
 * processes table shows it), `command` any part of its command line; exactly one.
 */
export const ProcessMatcherSchema = Type.Union([Type.Object({ name: ProcessNameSchema }, STRICT), Type.Object({ command: ProcessCommandSchema }, STRICT)]);

const WatchId = Type.String({ minLength: 1, maxLength: 128 });

/** One pattern an agent watches: a process matcher under the id its reports name it by. */
export const WatchPatternSchema = Type.Union([
  Type.Object({ id: WatchId, name: ProcessNameSchema }, STRICT),
  Type.Object({ id: WatchId, command: ProcessCommandSchema }, STRICT),
]);

/**
 * Hub -> agent, only to an agent whose `understands` listed it: the processes to
 * report on, replacing any earlier list (empty: none). Sent after `understands` and
 * again whenever the list for the host changes. Open like the welcome, so a newer
 * hub may add what more an agent should watch.
 */
export const HubWatchSchema = Type.Object(
  {
    type: Type.Literal('watch'),
    processes: Type.Array(WatchPatternSchema, { maxItems: MAX_WATCHED_PATTERNS }),
  },
  OPEN,
);

/** Every message the hub sends an agent. */
export const HubToAgentMessageSchema = Type.Union([HubWelcomeSchema, HubWatchSchema]);

export type AgentHello = Static<typeof AgentHelloSchema>;
export type AgentSample = Static<typeof AgentSampleSchema>;
export type AgentProcesses = Static<typeof AgentProcessesSchema>;
export type AgentUnderstands = Static<typeof AgentUnderstandsSchema>;
export type WatchedProcess = Static<typeof WatchedProcessSchema>;
export type AgentWatched = Static<typeof AgentWatchedSchema>;
export type ProcessMatcher = Static<typeof ProcessMatcherSchema>;
export type WatchPattern = Static<typeof WatchPatternSchema>;
export type HubWatch = Static<typeof HubWatchSchema>;
export type AgentMessage = Static<typeof AgentMessageSchema>;
export type HubWelcome = Static<typeof HubWelcomeSchema>;
export type HubToAgentMessage = Static<typeof HubToAgentMessageSchema>;
