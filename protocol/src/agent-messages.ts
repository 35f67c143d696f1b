import { Type, type Static } from '@sinclair/typebox';
import { ProcessTableSchema } from './processes.js';
import { HostIdSchema, InventorySchema, RunIdSchema, SampleSchema } from './sample.js';

/** Agent -> hub, first message on every connection: who is speaking and what the host is. */
export const AgentHelloSchema = Type.Object({
  type: Type.Literal('hello'),
  protocolVersion: Type.Integer(),
  hostId: HostIdSchema,
  runId: RunIdSchema,
  intervalMs: Type.Integer({ minimum: 1, maximum: 3_600_000 }),
  inventory: InventorySchema,
});

/** Agent -> hub: one sample, live or replayed from the agent's buffer after a reconnect. */
export const AgentSampleSchema = Type.Object({
  type: Type.Literal('sample'),
  sample: SampleSchema,
});

/**
 * Agent -> hub: the host's top processes, every --processes-every (5 s by default).
 * Sent only while connected and never replayed: only the latest table matters.
 */
export const AgentProcessesSchema = Type.Object(
  {
    type: Type.Literal('processes'),
    table: ProcessTableSchema,
  },
  { additionalProperties: false },
);

/** Every message an agent may send. */
export const AgentMessageSchema = Type.Union([AgentHelloSchema, AgentSampleSchema, AgentProcessesSchema]);

/**
 * Hub -> agent, the answer to hello. `lastSeq` is the last seq the hub holds for
 * this run (0 when it holds none): the agent sends only samples after it.
 */
export const HubWelcomeSchema = Type.Object({
  type: Type.Literal('welcome'),
  protocolVersion: Type.Integer(),
  hostId: HostIdSchema,
  runId: RunIdSchema,
  lastSeq: Type.Integer({ minimum: 0 }),
  hubTimeMs: Type.Integer({ minimum: 0 }),
});

/** Every message the hub sends an agent. */
export const HubToAgentMessageSchema = Type.Union([HubWelcomeSchema]);

export type AgentHello = Static<typeof AgentHelloSchema>;
export type AgentSample = Static<typeof AgentSampleSchema>;
export type AgentProcesses = Static<typeof AgentProcessesSchema>;
export type AgentMessage = Static<typeof AgentMessageSchema>;
export type HubWelcome = Static<typeof HubWelcomeSchema>;
export type HubToAgentMessage = Static<typeof HubToAgentMessageSchema>;
