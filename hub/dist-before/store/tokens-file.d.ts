/** What the tokens file holds: each token the hub made and keeps; one given by flag or variable is never here. */
export interface KeptTokenValues {
    agentToken?: string;
    adminToken?: string;
}
/**
 * Reads the tokens file: null when there is none yet. A file the hub cannot read or
 * understand throws a DataDirError naming it: the hub never replaces tokens agents may
 * hold without being told.
 */
export declare function readTokensFile(path: string): KeptTokenValues | null;
/**
 * Writes the tokens file whole: a new file of mode 0600 beside it, synced, then renamed
 * over it, so a crash leaves the old tokens or the new ones, never half of either.
 */
export declare function writeTokensFile(path: string, values: KeptTokenValues): void;
/** Makes the tokens file owner-only again when it is readable or writable by others (a copy, an editor); true when it had to. */
export declare function makeTokensFilePrivate(path: string): boolean;
//# sourceMappingURL=tokens-file.d.ts.map