import { Type, type Static } from '@sinclair/typebox';
import { AgentHelloSchema } from './agent-messages.js';
import { AlertSchema } from './alerts.js';
import { HUB_ID_PATTERN } from './constants.js';
import { DisplayNameSchema } from './host.js';
import { STRICT } from './schema-options.js';
import { HostStatusSchema } from './live-messages.js';
import { HostIdSchema, HostSampleSchema, RunIdSchema } from './sample.js';

/** Hub id: made fresh each time a hub starts; safe as one NATS subject token. */
export const HubIdSchema = Type.String({ pattern: HUB_ID_PATTERN });

/** Hub -> bus on `hostpulse.v1.sample.<hostId>`: a sample one of its agents sent, with the receiving hub's hubRxMs. */
export const BusSampleSchema = Type.Object({
  type: Type.Literal('sample'),
  hubId: HubIdSchema,
  sample: HostSampleSchema,
}, STRICT);

/** Hub -> bus on `hostpulse.v1.hello.<hostId>`: it accepted this hello from one of its agents at `hubRxMs`. */
export const BusHelloSchema = Type.Object({
  type: Type.Literal('hello'),
  hubId: HubIdSchema,
  hubRxMs: Type.Integer({ minimum: 0 }),
  hello: AgentHelloSchema,
}, STRICT);

/** Hub -> bus on `hostpulse.v1.status.<hostId>`: a host whose agent it holds (or held) went offline or came back. */
export const BusStatusSchema = Type.Object({
  type: Type.Literal('host-status'),
  hubId: HubIdSchema,
  status: HostStatusSchema,
}, STRICT);

/**
 * Hub -> bus on `hostpulse.v1.hub.<hubId>`, once a second and never stored: the hub
 * is alive. `name` is what people call it (host:port); `agents` its connected agents.
 */
export const BusHeartbeatSchema = Type.Object({
  type: Type.Literal('hub'),
  hubId: HubIdSchema,
  name: Type.String({ maxLength: 256 }),
  tsMs: Type.Integer({ minimum: 0 }),
  agents: Type.Integer({ minimum: 0 }),
}, STRICT);

/** Every message hubs exchange on the bus. */
export const BusMessageSchema = Type.Union([BusSampleSchema, BusHelloSchema, BusStatusSchema, BusHeartbeatSchema]);

/**
 * A hub's claim on a host, the value of key `<hostId>` in the lease bucket: the hub
 * holding its agent, the run, and when the hub last renewed it.
 */
export const BusLeaseSchema = Type.Object({
  hubId: HubIdSchema,
  runId: RunIdSchema,
  hostId: HostIdSchema,
  renewedMs: Type.Integer({ minimum: 0 }),
}, STRICT);

/**
 * A host's display name, the value of key `<hostId>` in the names bucket: the name an
 * admin gave it through hub `hubId` at `setMs`. A deleted key is a name taken away.
 */
export const BusHostNameSchema = Type.Object({
  hostId: HostIdSchema,
  displayName: DisplayNameSchema,
  hubId: HubIdSchema,
  setMs: Type.Integer({ minimum: 0 }),
}, STRICT);

export type BusSample = Static<typeof BusSampleSchema>;
export type BusHello = Static<typeof BusHelloSchema>;
export type BusStatus = Static<typeof BusStatusSchema>;
export type BusHeartbeat = Static<typeof BusHeartbeatSchema>;
export type BusMessage = Static<typeof BusMessageSchema>;
/**
 * The sender lease, the value of key `sender` in the sender bucket: the hub that
 * sends every alert notification of the cluster, and when it last renewed it.
 */
export const BusSenderLeaseSchema = Type.Object({
  hubId: HubIdSchema,
  name: Type.String({ maxLength: 300 }),
  renewedMs: Type.Integer({ minimum: 0 }),
}, STRICT);

/**
 * An alert state change to notify, the value of its delivery key in the transitions
 * bucket: the alert as it changed, the notifiers to tell (absent: all), and the hub
 * that took it (absent while none has): into its delivery queue, or, `superseded`,
 * not at all, because it added nothing to what was sent for the alert already.
 */
export const BusTransitionSchema = Type.Object({
  alert: AlertSchema,
  notifiers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }))),
  sentBy: Type.Optional(HubIdSchema),
  superseded: Type.Optional(Type.Boolean()),
}, STRICT);

export type BusSenderLease = Static<typeof BusSenderLeaseSchema>;
export type BusTransition = Static<typeof BusTransitionSchema>;
export type BusLease = Static<typeof BusLeaseSchema>;
export type BusHostName = Static<typeof BusHostNameSchema>;
