import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries `Bearer <token>`. Both sides are hashed
 * first so the comparison takes the same time whatever the header's length or
 * content, and tells an attacker nothing about the token.
 */
export function isBearerTokenValid(authorization: string, token: string): boolean {
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  const given = createHash('sha256').update(authorization).digest();
  return timingSafeEqual(expected, given);
}
