import { join } from 'node:path';
import { HUB_TOKEN_NAMES } from '@hostpulse/protocol';
import { randomToken } from '@hostpulse/common';
import { TOKENS_FILE } from '../store/database.js';
import { makeTokensFilePrivate, readTokensFile, writeTokensFile } from '../store/tokens-file.js';
/** Random bytes in a token the hub makes: 256 bits, as in a minted one. */
const TOKEN_BYTES = 32;
const KEY = { agent: 'agentToken', admin: 'adminToken' };
const FLAG = { agent: '--agent-token (HOSTPULSE_AGENT_TOKEN)', admin: '--admin-token (HOSTPULSE_ADMIN_TOKEN)' };
/**
 * The hub's agent and admin tokens. One given by flag or variable is used as it is and
 * never written. Otherwise a hub with a data dir makes each once and keeps it in the data
 * dir's tokens file (mode 0600), so agents and scripts holding it keep working across
 * restarts; a rotation makes a new one and keeps it in place of the old. The exception:
 * with --agent-tokens-file and no --agent-token, agents use per-host tokens only, so no
 * shared agent token is made. Without a data dir nothing is made or kept.
 */
export class HubTokens {
    /** The tokens file, or null without a data dir. */
    file;
    /** The tokens made at this start, to be shown once. */
    made;
    /** Whether the file was readable by others and was made owner-only at this start. */
    madePrivate;
    #options;
    #kept;
    constructor(options, kept, made, madePrivate) {
        this.#options = options;
        this.file = options.dataDir === null ? null : join(options.dataDir, TOKENS_FILE);
        this.#kept = kept;
        this.made = made;
        this.madePrivate = madePrivate;
    }
    /**
     * The tokens of a starting hub, which holds the data dir's lock: reads the file, makes
     * the tokens the hub keeps but does not have yet, and writes them before anything listens.
     */
    static open(options) {
        if (options.dataDir === null)
            return new HubTokens(options, {}, [], false);
        const file = join(options.dataDir, TOKENS_FILE);
        const found = readTokensFile(file);
        const kept = { ...found };
        const made = HUB_TOKEN_NAMES.filter((name) => isKept(options, name) && kept[KEY[name]] === undefined);
        for (const name of made)
            kept[KEY[name]] = randomToken(TOKEN_BYTES);
        if (made.length > 0)
            writeTokensFile(file, kept);
        return new HubTokens(options, kept, made, found !== null && made.length === 0 && makeTokensFilePrivate(file));
    }
    /** The tokens a hub with these options uses, read without making or changing anything (--print-tokens). */
    static read(options) {
        const kept = options.dataDir === null ? null : readTokensFile(join(options.dataDir, TOKENS_FILE));
        return new HubTokens(options, kept ?? {}, [], false);
    }
    /** The token in force, if any. */
    token(name) {
        return given(this.#options, name) ?? (isKept(this.#options, name) ? this.#kept[KEY[name]] : undefined);
    }
    /** Where the token in force comes from. */
    source(name) {
        if (given(this.#options, name) !== undefined)
            return 'given';
        return this.token(name) === undefined ? 'none' : 'kept';
    }
    /**
     * Makes a new token in place of the kept one and writes it to the tokens file before
     * returning it; the caller puts it in force. A token the hub does not keep is refused
     * with the reason. Throws when the file cannot be written (the old token then stays).
     */
    rotate(name) {
        if (!isKept(this.#options, name))
            return { ok: false, message: this.#whyNotKept(name) };
        const kept = { ...this.#kept, [KEY[name]]: randomToken(TOKEN_BYTES) };
        writeTokensFile(this.file, kept);
        this.#kept = kept;
        return { ok: true, token: kept[KEY[name]] };
    }
    /** What a hub prints when it made tokens at this start: they are not shown again. */
    notice() {
        return `hostpulse-hub: made ${this.made.map((name) => `an ${name} token`).join(' and ')}, shown this once (--print-tokens --data-dir ${this.#options.dataDir} shows them again):\n${this.describe()}`;
    }
    /** One line per token, for a person: the token and where it comes from (--print-tokens, the first start). */
    describe() {
        return HUB_TOKEN_NAMES.map((name) => `${name} token: ${this.token(name) ?? 'none'}  (${this.#origin(name)})\n`).join('');
    }
    #origin(name) {
        switch (this.source(name)) {
            case 'given':
                return `given by ${FLAG[name]}; not kept`;
            case 'kept':
                return `kept in ${this.file}`;
            case 'none':
                if (!isKept(this.#options, name))
                    return this.#whyNotKept(name);
                return `not made yet: the hub makes it at its first start with this data dir and keeps it in ${this.file}`;
        }
    }
    #whyNotKept(name) {
        if (given(this.#options, name) !== undefined)
            return `the ${name} token is given by ${FLAG[name]}: change it there and restart the hub`;
        if (this.#options.dataDir === null)
            return 'without a data dir the hub keeps no tokens: they are per run, as given by flags or variables at each start';
        return 'this hub has no shared agent token: its agents use per-host tokens from --agent-tokens-file (add --agent-token for one every agent may send)';
    }
}
function given(options, name) {
    return name === 'agent' ? options.agentToken : options.adminToken;
}
/** Whether the hub keeps a token of its own for `name`. */
function isKept(options, name) {
    if (options.dataDir === null || given(options, name) !== undefined)
        return false;
    return name === 'admin' || options.agentHostTokens.length === 0;
}
//# sourceMappingURL=hub-tokens.js.map