import { createHash, timingSafeEqual } from 'node:crypto';
/** The SHA-256 digest of a secret, or of a text that may hold one. */
export function tokenDigest(text) {
    return createHash('sha256').update(text).digest();
}
/**
 * Whether `text` is the secret whose digest is `expected`. Both sides are hashed
 * to the same length first, so the comparison takes the same time whatever the
 * given text's length or content, and tells an attacker nothing about the secret.
 */
export function matchesDigest(text, expected) {
    return timingSafeEqual(tokenDigest(text), expected);
}
//# sourceMappingURL=token-compare.js.map