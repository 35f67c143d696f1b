import { randomBytes } from 'node:crypto';

/**
 * `bytes` random bytes from the OS's CSPRNG as base64url, drawn again while the text
 * starts with "-": such a token after `--token` on a command line reads as a flag,
 * and the agent refuses it as ambiguous (one draw in 64 did).
 */
export function randomToken(bytes: number): string {
  for (;;) {
    const token = randomBytes(bytes).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
}
