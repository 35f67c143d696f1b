import { Type, type Static } from '@sinclair/typebox';
import { MINTED_TOKEN_PATTERN } from './constants.js';
import { STRICT } from './schema-options.js';
import { HostIdSchema } from './sample.js';

/**
 * POST /api/agent-tokens (admin token): mints a token valid for this host id only.
 * Minting again for the same host id replaces the old token. Refused with 409 for a
 * host id that has a token in the hub's --agent-tokens-file (that file's token stays
 * the only one), and on a hub that takes agents without any token.
 */
export const AgentTokenRequestSchema = Type.Object({
  hostId: HostIdSchema,
}, STRICT);

/**
 * 201 to POST /api/agent-tokens: the token, shown this once (the hub keeps only its
 * SHA-256 digest); `replaced` when an earlier token of this host id stopped working.
 */
export const AgentTokenResponseSchema = Type.Object({
  hostId: HostIdSchema,
  token: Type.String({ pattern: MINTED_TOKEN_PATTERN }),
  createdMs: Type.Integer({ minimum: 0 }),
  replaced: Type.Boolean(),
}, STRICT);

/** One host id that has a minted token, and when it was minted; never the token. */
export const MintedTokenInfoSchema = Type.Object({
  hostId: HostIdSchema,
  createdMs: Type.Integer({ minimum: 0 }),
}, STRICT);

/**
 * GET /api/agent-tokens (admin token): the host ids with a minted token, by host id.
 * DELETE /api/agent-tokens/:hostId (admin token) revokes one: 204, or 404 when that
 * host id has none; an agent connected with it is closed with 4407 (unauthorized).
 */
export const AgentTokensResponseSchema = Type.Object({
  tokens: Type.Array(MintedTokenInfoSchema),
}, STRICT);

export type AgentTokenRequest = Static<typeof AgentTokenRequestSchema>;
export type AgentTokenResponse = Static<typeof AgentTokenResponseSchema>;
export type MintedTokenInfo = Static<typeof MintedTokenInfoSchema>;
export type AgentTokensResponse = Static<typeof AgentTokensResponseSchema>;
