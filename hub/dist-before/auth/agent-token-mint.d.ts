import { type MintedTokenInfo } from '@hostpulse/protocol';
import { type Logger } from '@hostpulse/common';
import type { AgentAuth } from './agent-auth.js';
import type { StateStore } from '../store/state-store.js';
/** Prefix of the store's state keys that hold minted tokens: `agent-token/<hostId>`. */
export declare const AGENT_TOKEN_STATE_PREFIX = "agent-token/";
/** Outcome of minting: the token, shown once, or why none was minted. */
export type MintResult = {
    ok: true;
    token: string;
    createdMs: number;
    replaced: boolean;
} | {
    ok: false;
    message: string;
};
/** What the mint needs from outside. */
export interface AgentTokenMintOptions {
    store: StateStore;
    auth: AgentAuth;
    log: Logger;
    /** Most minted tokens held at once (--max-hosts): every upgrade compares them all. */
    maxTokens: number;
    nowMs?: () => number;
}
/**
 * Mints, replaces and revokes per-host agent tokens for the admin API. Each takes
 * effect in AgentAuth at once and is kept in the store's state (on disk with a data
 * dir), as a digest only, so it survives a restart and the token itself is never
 * written or logged anywhere. A host id whose token comes from --agent-tokens-file
 * gets none: the file stays the one place that host's token is set.
 */
export declare class AgentTokenMint {
    #private;
    constructor({ store, auth, log, maxTokens, nowMs }: AgentTokenMintOptions);
    /** Host ids with a minted token, by host id. */
    list(): MintedTokenInfo[];
    /** Mints a token for `hostId`, valid from now on for that host id only, replacing its earlier one. */
    mint(hostId: string): MintResult;
    /** Revokes the minted token of `hostId`; false when it has none. */
    revoke(hostId: string): boolean;
}
//# sourceMappingURL=agent-token-mint.d.ts.map