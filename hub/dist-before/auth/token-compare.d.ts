/** The SHA-256 digest of a secret, or of a text that may hold one. */
export declare function tokenDigest(text: string): Buffer;
/**
 * Whether `text` is the secret whose digest is `expected`. Both sides are hashed
 * to the same length first, so the comparison takes the same time whatever the
 * given text's length or content, and tells an attacker nothing about the secret.
 */
export declare function matchesDigest(text: string, expected: Buffer): boolean;
//# sourceMappingURL=token-compare.d.ts.map