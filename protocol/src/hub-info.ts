import { Type, type Static } from '@sinclair/typebox';
import { STRICT } from './schema-options.js';

/** What an agent must send to this hub: its shared agent token, a token for its own host id only, or nothing. */
export const AGENT_TOKEN_KINDS = ['shared', 'perHost', 'none'] as const;

/**
 * GET /api/hub (viewer): where this hub can be reached and what an agent needs, so a
 * dashboard gives a command that works from the machine it is pasted on (Add host, the
 * empty overview). No secret is in it.
 */
export const HubInfoSchema = Type.Object({
  /** --public-url values, without a trailing slash: the addresses users open the hub at. */
  publicUrls: Type.Array(Type.String({ minLength: 1 })),
  /** The address the hub listens on (--host). */
  listenHost: Type.String({ minLength: 1 }),
  /** Whether that is a loopback address, so no other machine reaches the hub but through a proxy on its own. */
  isLoopbackOnly: Type.Boolean(),
  /** The http:// URLs the hub listens at: one per address of its machine for 0.0.0.0 or ::, loopback ones first. */
  listenUrls: Type.Array(Type.String({ minLength: 1 })),
  agentToken: Type.Union(AGENT_TOKEN_KINDS.map((kind) => Type.Literal(kind))),
}, STRICT);

export type HubInfo = Static<typeof HubInfoSchema>;
