/** A token bound to one host id, from --agent-tokens-file. */
export interface HostToken {
    readonly hostId: string;
    readonly token: string;
}
/** Outcome of checking an agent's Authorization header: `hostId` is the one host the token may speak for, or null for any. */
export type AgentAuthResult = {
    ok: true;
    hostId: string | null;
} | {
    ok: false;
};
/**
 * Checks agents' tokens: a shared token valid for any host id, per-host tokens
 * each valid for its own host id only, or both. Per-host tokens come from
 * --agent-tokens-file, fixed at start, and from the admin API, which mints and
 * revokes them while the hub runs (see AgentTokenMint). A host id has at most one
 * per-host token. Only digests are kept. A check hashes the header once, compares
 * the digest with the shared one in constant time and looks it up among the
 * per-host ones, so it costs the same with ten tokens or ten thousand; a lookup by
 * SHA-256 digest tells an attacker nothing about how close a guess came.
 */
export declare class AgentAuth {
    #private;
    /** Whether agents must present a token at all: set at start by a shared token (given or kept) or --agent-tokens-file. */
    readonly isRequired: boolean;
    constructor(sharedToken: string | undefined, hostTokens?: readonly HostToken[]);
    /**
     * Accepts `token` as the shared token from now on, in place of the old one (a rotation):
     * upgrades with the old one are refused at once; agents already connected are not
     * checked again until they reconnect. Only a hub that has a shared token rotates it.
     */
    setShared(token: string): void;
    /** Whether --agent-tokens-file gives this host id its token (then no other per-host token is taken for it). */
    hasFileToken(hostId: string): boolean;
    /**
     * Accepts the minted token whose "Bearer <token>" digest is `bearerDigest` for
     * `hostId` from now on, in place of any earlier minted one. Throws for a host id
     * whose token comes from the file.
     */
    setMinted(hostId: string, bearerDigest: Buffer): void;
    /** Stops accepting the minted token of `hostId` (a file token stays). */
    removeMinted(hostId: string): void;
    /** Checks an upgrade's Authorization header. */
    check(authorization: string): AgentAuthResult;
}
//# sourceMappingURL=agent-auth.d.ts.map