import { readFileSync } from 'node:fs';
import { ConfigError } from '@hostpulse/common';
import { HOST_ID_PATTERN, isValidHostId } from '@hostpulse/protocol';
/**
 * Parses a per-host token file: one `host-id token` pair a line, blank lines and
 * `#` comments ignored. Each host id and each token may appear once, so a token
 * names exactly one host. Errors name `source` and the line, never the token.
 */
export function parseAgentTokens(text, source) {
    const tokens = [];
    const hostIds = new Set();
    const seen = new Set();
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            return;
        const where = `${source} line ${index + 1}`;
        const fields = line.split(/\s+/);
        if (fields.length !== 2)
            throw new ConfigError(`${where}: expected "host-id token", got ${fields.length} field(s)`);
        const [hostId, token] = fields;
        if (!isValidHostId(hostId))
            throw new ConfigError(`${where}: "${hostId}" is not a valid host id (${HOST_ID_PATTERN})`);
        if (hostIds.has(hostId))
            throw new ConfigError(`${where}: host id "${hostId}" is listed twice`);
        if (seen.has(token))
            throw new ConfigError(`${where}: the token of "${hostId}" is already given to another host`);
        hostIds.add(hostId);
        seen.add(token);
        tokens.push({ hostId, token });
    });
    if (tokens.length === 0)
        throw new ConfigError(`${source} holds no "host-id token" lines`);
    return tokens;
}
/** Reads and parses a per-host token file; `source` names the flag or variable it came from. */
export function readAgentTokensFile(file, source) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (err) {
        throw new ConfigError(`${source}: cannot read ${file} (${err.code ?? String(err)})`, { cause: err });
    }
    return parseAgentTokens(text, `${source} ${file}`);
}
//# sourceMappingURL=agent-tokens-file.js.map