import { Type, type Static } from '@sinclair/typebox';
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

/** Every message an agent may send. */
export const AgentMessageSchema = Type.Union([AgentHelloSchema, AgentSampleSchema]);

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
}, OPEN);

/** Every message the hub sends an agent. */
export const HubToAgentMessageSchema = Type.Union([HubWelcomeSchema]);

export type AgentHello = Static<typeof AgentHelloSchema>;
export type AgentSample = Static<typeof AgentSampleSchema>;
export type AgentMessage = Static<typeof AgentMessageSchema>;
export type HubWelcome = Static<typeof HubWelcomeSchema>;
export type HubToAgentMessage = Static<typeof HubToAgentMessageSchema>;
