import type { HostToken } from './agent-auth.js';
/**
 * Parses a per-host token file: one `host-id token` pair a line, blank lines and
 * `#` comments ignored. Each host id and each token may appear once, so a token
 * names exactly one host. Errors name `source` and the line, never the token.
 */
export declare function parseAgentTokens(text: string, source: string): HostToken[];
/** Reads and parses a per-host token file; `source` names the flag or variable it came from. */
export declare function readAgentTokensFile(file: string, source: string): HostToken[];
//# sourceMappingURL=agent-tokens-file.d.ts.map