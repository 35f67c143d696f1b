import { Type, type Static } from '@sinclair/typebox';
import { HUB_TOKEN_NAMES, MINTED_TOKEN_PATTERN } from './constants.js';
import { STRICT } from './schema-options.js';

/**
 * 200 to POST /api/hub-tokens/:name/rotate (admin token): the hub's new agent or admin
 * token, in force at once and kept in its data dir, shown this once; the old one is
 * refused from then on. Refused with 409 for a token given by flag or variable (it is
 * changed there), on a hub without a data dir, and for the agent token of a hub whose
 * agents use per-host tokens from --agent-tokens-file only.
 */
export const HubTokenRotationSchema = Type.Object({
  name: Type.Union(HUB_TOKEN_NAMES.map((name) => Type.Literal(name))),
  token: Type.String({ pattern: MINTED_TOKEN_PATTERN }),
  /** Agents connected with the old agent token right now: they stay until they reconnect, and are then refused (0 for the admin token). */
  agentsOnOldToken: Type.Integer({ minimum: 0 }),
  /** What to update where, for a person. */
  update: Type.String({ minLength: 1 }),
}, STRICT);

export type HubTokenRotation = Static<typeof HubTokenRotationSchema>;

/**
 * 200 to GET /api/hub-tokens/:name (admin token): the hub's agent or admin token in force,
 * kept or given, so a dashboard can put it into Add host's command. 404 when the hub has
 * none of that name.
 */
export const HubTokenValueSchema = Type.Object({
  name: Type.Union(HUB_TOKEN_NAMES.map((name) => Type.Literal(name))),
  token: Type.String({ minLength: 1 }),
}, STRICT);

export type HubTokenValue = Static<typeof HubTokenValueSchema>;
