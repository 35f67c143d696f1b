import { Type, type Static } from '@sinclair/typebox';
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

/** Every message an agent may send. */
export const AgentMessageSchema = Type.Union([AgentHelloSchema, AgentSampleSchema, AgentProcessesSchema]);

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

/** Every message the hub sends an agent. */
export const HubToAgentMessageSchema = Type.Union([HubWelcomeSchema]);

export type AgentHello = Static<typeof AgentHelloSchema>;
export type AgentSample = Static<typeof AgentSampleSchema>;
export type AgentProcesses = Static<typeof AgentProcessesSchema>;
export type AgentMessage = Static<typeof AgentMessageSchema>;
export type HubWelcome = Static<typeof HubWelcomeSchema>;
export type HubToAgentMessage = Static<typeof HubToAgentMessageSchema>;
