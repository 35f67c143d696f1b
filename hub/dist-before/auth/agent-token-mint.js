import { isValidHostId } from '@hostpulse/protocol';
import { randomToken } from '@hostpulse/common';
import { tokenDigest } from './token-compare.js';
/** Prefix of the store's state keys that hold minted tokens: `agent-token/<hostId>`. */
export const AGENT_TOKEN_STATE_PREFIX = 'agent-token/';
/** Random bytes in a minted token: 256 bits, so a plain SHA-256 of it cannot be reversed by guessing. */
const TOKEN_BYTES = 32;
function parseStored(value) {
    try {
        const parsed = JSON.parse(value);
        if (typeof parsed.bearerSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.bearerSha256))
            return null;
        if (typeof parsed.createdMs !== 'number' || !Number.isInteger(parsed.createdMs) || parsed.createdMs < 0)
            return null;
        return { bearerSha256: parsed.bearerSha256, createdMs: parsed.createdMs };
    }
    catch {
        return null;
    }
}
/**
 * Mints, replaces and revokes per-host agent tokens for the admin API. Each takes
 * effect in AgentAuth at once and is kept in the store's state (on disk with a data
 * dir), as a digest only, so it survives a restart and the token itself is never
 * written or logged anywhere. A host id whose token comes from --agent-tokens-file
 * gets none: the file stays the one place that host's token is set.
 */
export class AgentTokenMint {
    #store;
    #auth;
    #log;
    #maxTokens;
    #nowMs;
    /** When each host id's token was minted. */
    #minted = new Map();
    constructor({ store, auth, log, maxTokens, nowMs = Date.now }) {
        this.#store = store;
        this.#auth = auth;
        this.#log = log;
        this.#maxTokens = maxTokens;
        this.#nowMs = nowMs;
        this.#load();
    }
    /** Host ids with a minted token, by host id. */
    list() {
        return [...this.#minted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([hostId, createdMs]) => ({ hostId, createdMs }));
    }
    /** Mints a token for `hostId`, valid from now on for that host id only, replacing its earlier one. */
    mint(hostId) {
        if (!this.#auth.isRequired) {
            return {
                ok: false,
                message: 'this hub takes agents without any token (it has neither --agent-token nor --agent-tokens-file, and no data dir to keep one of its own), so a per-host token would keep nobody out: start it with --agent-token or --data-dir DIR',
            };
        }
        if (this.#auth.hasFileToken(hostId)) {
            return { ok: false, message: `host id "${hostId}" has its token in the hub's --agent-tokens-file; change it there (a host id has one per-host token)` };
        }
        const replaced = this.#minted.has(hostId);
        if (!replaced && this.#minted.size >= this.#maxTokens) {
            return { ok: false, message: `the hub already holds ${this.#maxTokens} minted tokens (its --max-hosts); revoke one first` };
        }
        const token = randomToken(TOKEN_BYTES);
        const digest = tokenDigest(`Bearer ${token}`);
        const createdMs = this.#nowMs();
        this.#auth.setMinted(hostId, digest);
        this.#minted.set(hostId, createdMs);
        this.#store.putState(AGENT_TOKEN_STATE_PREFIX + hostId, JSON.stringify({ bearerSha256: digest.toString('hex'), createdMs }));
        this.#log.info(replaced ? 'agent token replaced' : 'agent token minted', { hostId });
        return { ok: true, token, createdMs, replaced };
    }
    /** Revokes the minted token of `hostId`; false when it has none. */
    revoke(hostId) {
        if (!this.#minted.delete(hostId))
            return false;
        this.#auth.removeMinted(hostId);
        this.#store.deleteState(AGENT_TOKEN_STATE_PREFIX + hostId);
        this.#log.info('agent token revoked', { hostId });
        return true;
    }
    /** Takes in the tokens minted before this start. */
    #load() {
        for (const [key, value] of this.#store.readState(AGENT_TOKEN_STATE_PREFIX)) {
            const hostId = key.slice(AGENT_TOKEN_STATE_PREFIX.length);
            const stored = parseStored(value);
            if (!isValidHostId(hostId) || stored === null) {
                // Kept as it is for a person to look at; a token the hub cannot read lets nobody in.
                this.#log.warn('minted agent token unreadable, ignored', { key });
                continue;
            }
            if (this.#auth.hasFileToken(hostId)) {
                this.#store.deleteState(key);
                this.#log.warn('minted agent token revoked: --agent-tokens-file now gives this host id its token', { hostId });
                continue;
            }
            this.#auth.setMinted(hostId, Buffer.from(stored.bearerSha256, 'hex'));
            this.#minted.set(hostId, stored.createdMs);
        }
        if (this.#minted.size > 0 && !this.#auth.isRequired) {
            this.#log.warn('minted agent tokens not in force: without --agent-token, --agent-tokens-file or a data dir the hub takes agents without a token', { count: this.#minted.size });
        }
    }
}
//# sourceMappingURL=agent-token-mint.js.map