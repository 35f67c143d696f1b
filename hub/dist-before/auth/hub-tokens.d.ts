import { type HubTokenName } from '@hostpulse/protocol';
import type { HostToken } from './agent-auth.js';
/** Where a token in force comes from: a flag or variable, the data dir's tokens file, or nowhere. */
export type TokenSource = 'given' | 'kept' | 'none';
/** What decides the hub's own tokens. */
export interface HubTokensOptions {
    /** Where the tokens file lives; null keeps none. */
    dataDir: string | null;
    /** --agent-token (HOSTPULSE_AGENT_TOKEN): wins over a kept one, and is never written. */
    agentToken: string | undefined;
    /** --admin-token (HOSTPULSE_ADMIN_TOKEN): the same. */
    adminToken: string | undefined;
    /** --agent-tokens-file's per-host tokens: with any, the hub keeps no shared agent token of its own. */
    agentHostTokens: readonly HostToken[];
}
/** Outcome of rotating a token: the new one, in force and kept, or why there is none. */
export type RotateResult = {
    ok: true;
    token: string;
} | {
    ok: false;
    message: string;
};
/**
 * The hub's agent and admin tokens. One given by flag or variable is used as it is and
 * never written. Otherwise a hub with a data dir makes each once and keeps it in the data
 * dir's tokens file (mode 0600), so agents and scripts holding it keep working across
 * restarts; a rotation makes a new one and keeps it in place of the old. The exception:
 * with --agent-tokens-file and no --agent-token, agents use per-host tokens only, so no
 * shared agent token is made. Without a data dir nothing is made or kept.
 */
export declare class HubTokens {
    #private;
    /** The tokens file, or null without a data dir. */
    readonly file: string | null;
    /** The tokens made at this start, to be shown once. */
    readonly made: readonly HubTokenName[];
    /** Whether the file was readable by others and was made owner-only at this start. */
    readonly madePrivate: boolean;
    private constructor();
    /**
     * The tokens of a starting hub, which holds the data dir's lock: reads the file, makes
     * the tokens the hub keeps but does not have yet, and writes them before anything listens.
     */
    static open(options: HubTokensOptions): HubTokens;
    /** The tokens a hub with these options uses, read without making or changing anything (--print-tokens). */
    static read(options: HubTokensOptions): HubTokens;
    /** The token in force, if any. */
    token(name: HubTokenName): string | undefined;
    /** Where the token in force comes from. */
    source(name: HubTokenName): TokenSource;
    /**
     * Makes a new token in place of the kept one and writes it to the tokens file before
     * returning it; the caller puts it in force. A token the hub does not keep is refused
     * with the reason. Throws when the file cannot be written (the old token then stays).
     */
    rotate(name: HubTokenName): RotateResult;
    /** What a hub prints when it made tokens at this start: they are not shown again. */
    notice(): string;
    /** One line per token, for a person: the token and where it comes from (--print-tokens, the first start). */
    describe(): string;
}
//# sourceMappingURL=hub-tokens.d.ts.map