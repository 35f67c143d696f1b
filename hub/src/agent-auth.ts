import { matchesDigest, tokenDigest } from './token-compare.js';

/** A token bound to one host id, from --agent-tokens-file. */
export interface HostToken {
  readonly hostId: string;
  readonly token: string;
}

/** Outcome of checking an agent's Authorization header: `hostId` is the one host the token may speak for, or null for any. */
export type AgentAuthResult = { ok: true; hostId: string | null } | { ok: false };

/**
 * Checks agents' tokens: a shared token valid for any host id, per-host tokens
 * each valid for its own host id only, or both. Only digests are kept, and every
 * known token is compared on every check, so neither the time taken nor an early
 * exit tells which token came close.
 */
export class AgentAuth {
  readonly #shared: Buffer | null;
  readonly #perHost: { hostId: string; digest: Buffer }[];

  constructor(sharedToken: string | undefined, hostTokens: readonly HostToken[] = []) {
    this.#shared = sharedToken === undefined ? null : tokenDigest(`Bearer ${sharedToken}`);
    this.#perHost = hostTokens.map(({ hostId, token }) => ({ hostId, digest: tokenDigest(`Bearer ${token}`) }));
  }

  /** Whether agents must present a token at all (false only when none is configured). */
  get isRequired(): boolean {
    return this.#shared !== null || this.#perHost.length > 0;
  }

  /** Checks an upgrade's Authorization header. */
  check(authorization: string): AgentAuthResult {
    if (!this.isRequired) return { ok: true, hostId: null };
    const sharedOk = this.#shared !== null && matchesDigest(authorization, this.#shared);
    let hostId: string | null = null;
    for (const entry of this.#perHost) {
      if (matchesDigest(authorization, entry.digest)) hostId = entry.hostId;
    }
    if (sharedOk) return { ok: true, hostId: null };
    return hostId === null ? { ok: false } : { ok: true, hostId };
  }
}
