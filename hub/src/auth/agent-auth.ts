import { timingSafeEqual } from 'node:crypto';
import { tokenDigest } from './token-compare.js';

/** A token bound to one host id, from --agent-tokens-file. */
export interface HostToken {
  readonly hostId: string;
  readonly token: string;
}

/** Outcome of checking an agent's Authorization header: `hostId` is the one host the token may speak for, or null for any. */
export type AgentAuthResult = { ok: true; hostId: string | null } | { ok: false };

/**
 * Checks agents' tokens: a shared token valid for any host id, per-host tokens
 * each valid for its own host id only, or both. Per-host tokens come from
 * --agent-tokens-file, fixed at start, and from the admin API, which mints and
 * revokes them while the hub runs (see AgentTokenMint). A host id has at most one
 * per-host token. Only digests are kept. A check hashes the header once, compares
 * the digest with the shared one in constant time and looks it up among the
 * per-host ones, so it costs the same with ten tokens or ten thousand; a lookup by
 * SHA-256 digest tells an attacker nothing about how close a guess came.
 */
export class AgentAuth {
  /** Whether agents must present a token at all: set at start by a shared token (given or kept) or --agent-tokens-file. */
  readonly isRequired: boolean;
  #shared: Buffer | null;
  readonly #fileHostIds: ReadonlySet<string>;
  /** Hex digest of "Bearer <token>" by host id: the file's and the minted ones. */
  readonly #digestByHost = new Map<string, string>();
  /** The reverse of #digestByHost, which check() looks up. */
  readonly #hostByDigest = new Map<string, string>();

  constructor(sharedToken: string | undefined, hostTokens: readonly HostToken[] = []) {
    this.#shared = sharedToken === undefined ? null : tokenDigest(`Bearer ${sharedToken}`);
    for (const { hostId, token } of hostTokens) this.#setPerHost(hostId, tokenDigest(`Bearer ${token}`));
    this.#fileHostIds = new Set(hostTokens.map((entry) => entry.hostId));
    this.isRequired = this.#shared !== null || hostTokens.length > 0;
  }

  /**
   * Accepts `token` as the shared token from now on, in place of the old one (a rotation):
   * upgrades with the old one are refused at once; agents already connected are not
   * checked again until they reconnect. Only a hub that has a shared token rotates it.
   */
  setShared(token: string): void {
    if (this.#shared === null) throw new Error('this hub has no shared agent token to replace');
    this.#shared = tokenDigest(`Bearer ${token}`);
  }

  /** Whether --agent-tokens-file gives this host id its token (then no other per-host token is taken for it). */
  hasFileToken(hostId: string): boolean {
    return this.#fileHostIds.has(hostId);
  }

  /**
   * Accepts the minted token whose "Bearer <token>" digest is `bearerDigest` for
   * `hostId` from now on, in place of any earlier minted one. Throws for a host id
   * whose token comes from the file.
   */
  setMinted(hostId: string, bearerDigest: Buffer): void {
    if (this.hasFileToken(hostId)) throw new Error(`host id ${hostId} has its token in --agent-tokens-file`);
    this.#setPerHost(hostId, bearerDigest);
  }

  /** Stops accepting the minted token of `hostId` (a file token stays). */
  removeMinted(hostId: string): void {
    if (!this.hasFileToken(hostId)) this.#deletePerHost(hostId);
  }

  /** Checks an upgrade's Authorization header. */
  check(authorization: string): AgentAuthResult {
    if (!this.isRequired) return { ok: true, hostId: null };
    const digest = tokenDigest(authorization);
    if (this.#shared !== null && timingSafeEqual(digest, this.#shared)) return { ok: true, hostId: null };
    const hostId = this.#hostByDigest.get(digest.toString('hex'));
    return hostId === undefined ? { ok: false } : { ok: true, hostId };
  }

  #setPerHost(hostId: string, digest: Buffer): void {
    this.#deletePerHost(hostId);
    const hex = digest.toString('hex');
    this.#digestByHost.set(hostId, hex);
    this.#hostByDigest.set(hex, hostId);
  }

  #deletePerHost(hostId: string): void {
    const hex = this.#digestByHost.get(hostId);
    if (hex === undefined) return;
    this.#digestByHost.delete(hostId);
    if (this.#hostByDigest.get(hex) === hostId) this.#hostByDigest.delete(hex);
  }
}
