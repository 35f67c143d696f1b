import { matchesDigest, tokenDigest } from './token-compare.js';
/**
 * Checks agents' tokens: a shared token valid for any host id, per-host tokens
 * each valid for its own host id only, or both. Per-host tokens come from
 * --agent-tokens-file, fixed at start, and from the admin API, which mints and
 * revokes them while the hub runs (see AgentTokenMint). A host id has at most one
 * per-host token. Only digests are kept, and every known token is compared on
 * every check, so neither the time taken nor an early exit tells which token came close.
 */
export class AgentAuth {
    /** Whether agents must present a token at all: set at start by a shared token (given or kept) or --agent-tokens-file. */
    isRequired;
    #shared;
    #fileHostIds;
    /** Digest of "Bearer <token>" by host id: the file's and the minted ones. */
    #perHost = new Map();
    constructor(sharedToken, hostTokens = []) {
        this.#shared = sharedToken === undefined ? null : tokenDigest(`Bearer ${sharedToken}`);
        for (const { hostId, token } of hostTokens)
            this.#perHost.set(hostId, tokenDigest(`Bearer ${token}`));
        this.#fileHostIds = new Set(hostTokens.map((entry) => entry.hostId));
        this.isRequired = this.#shared !== null || hostTokens.length > 0;
    }
    /**
     * Accepts `token` as the shared token from now on, in place of the old one (a rotation):
     * upgrades with the old one are refused at once; agents already connected are not
     * checked again until they reconnect. Only a hub that has a shared token rotates it.
     */
    setShared(token) {
        if (this.#shared === null)
            throw new Error('this hub has no shared agent token to replace');
        this.#shared = tokenDigest(`Bearer ${token}`);
    }
    /** Whether --agent-tokens-file gives this host id its token (then no other per-host token is taken for it). */
    hasFileToken(hostId) {
        return this.#fileHostIds.has(hostId);
    }
    /**
     * Accepts the minted token whose "Bearer <token>" digest is `bearerDigest` for
     * `hostId` from now on, in place of any earlier minted one. Throws for a host id
     * whose token comes from the file.
     */
    setMinted(hostId, bearerDigest) {
        if (this.hasFileToken(hostId))
            throw new Error(`host id ${hostId} has its token in --agent-tokens-file`);
        this.#perHost.set(hostId, bearerDigest);
    }
    /** Stops accepting the minted token of `hostId` (a file token stays). */
    removeMinted(hostId) {
        if (!this.hasFileToken(hostId))
            this.#perHost.delete(hostId);
    }
    /** Checks an upgrade's Authorization header. */
    check(authorization) {
        if (!this.isRequired)
            return { ok: true, hostId: null };
        const sharedOk = this.#shared !== null && matchesDigest(authorization, this.#shared);
        let hostId = null;
        for (const [entryHostId, digest] of this.#perHost) {
            if (matchesDigest(authorization, digest))
                hostId = entryHostId;
        }
        if (sharedOk)
            return { ok: true, hostId: null };
        return hostId === null ? { ok: false } : { ok: true, hostId };
    }
}
