import { matchesDigest, tokenDigest } from './token-compare.js';

/**
 * The optional admin token that guards changes made through the API, sent as
 * `Authorization: Bearer <token>`. With none configured, no request is an admin's.
 */
export class AdminAuth {
  readonly #bearer: Buffer | null;

  constructor(token: string | undefined) {
    this.#bearer = token === undefined ? null : tokenDigest(`Bearer ${token}`);
  }

  /** Whether an admin token is configured at all. */
  get isConfigured(): boolean {
    return this.#bearer !== null;
  }

  /** Whether this Authorization header carries the admin token, compared in constant time. */
  isAdmin(authorization: string): boolean {
    return this.#bearer !== null && matchesDigest(authorization, this.#bearer);
  }
}
