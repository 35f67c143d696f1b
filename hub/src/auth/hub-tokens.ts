import { join } from 'node:path';
import { HUB_TOKEN_NAMES, type HubTokenName } from '@hostpulse/protocol';
import { randomToken } from '@hostpulse/common';
import { TOKENS_FILE } from '../store/database.js';
import { makeTokensFilePrivate, readTokensFile, writeTokensFile, type KeptTokenValues } from '../store/tokens-file.js';
import type { HostToken } from './agent-auth.js';

/** Random bytes in a token the hub makes: 256 bits, as in a minted one. */
const TOKEN_BYTES = 32;

/** Where a token in force comes from: a flag or variable, the data dir's tokens file, or nowhere. */
export type TokenSource = 'given' | 'kept' | 'none';

/** What decides the hub's own tokens. */
export interface HubTokensOptions {
  /** Where the tokens file lives; null keeps none. */
  dataDir: string | null;
  /** --agent-token (HOSTPULSE_AGENT_TOKEN): wins over a kept one, and is never written. */
  agentToken: string | undefined;
  /** --admin-token (HOSTPULSE_ADMIN_TOKEN): the same. */
  adminToken: string | undefined;
  /** --agent-tokens-file's per-host tokens: with any, the hub keeps no shared agent token of its own. */
  agentHostTokens: readonly HostToken[];
}

/** Outcome of rotating a token: the new one, in force and kept, or why there is none. */
export type RotateResult = { ok: true; token: string } | { ok: false; message: string };

const KEY = { agent: 'agentToken', admin: 'adminToken' } as const satisfies Record<HubTokenName, keyof KeptTokenValues>;
const FLAG = { agent: '--agent-token (HOSTPULSE_AGENT_TOKEN)', admin: '--admin-token (HOSTPULSE_ADMIN_TOKEN)' } as const;

/**
 * The hub's agent and admin tokens. One given by flag or variable is used as it is and
 * never written. Otherwise a hub with a data dir makes each once and keeps it in the data
 * dir's tokens file (mode 0600), so agents and scripts holding it keep working across
 * restarts; a rotation makes a new one and keeps it in place of the old. The exception:
 * with --agent-tokens-file and no --agent-token, agents use per-host tokens only, so no
 * shared agent token is made. Without a data dir nothing is made or kept.
 */
export class HubTokens {
  /** The tokens file, or null without a data dir. */
  readonly file: string | null;
  /** The tokens made at this start, to be shown once. */
  readonly made: readonly HubTokenName[];
  /** Whether the file was readable by others and was made owner-only at this start. */
  readonly madePrivate: boolean;
  readonly #options: HubTokensOptions;
  #kept: KeptTokenValues;

  private constructor(options: HubTokensOptions, kept: KeptTokenValues, made: HubTokenName[], madePrivate: boolean) {
    this.#options = options;
    this.file = options.dataDir === null ? null : join(options.dataDir, TOKENS_FILE);
    this.#kept = kept;
    this.made = made;
    this.madePrivate = madePrivate;
  }

  /**
   * The tokens of a starting hub, which holds the data dir's lock: reads the file, makes
   * the tokens the hub keeps but does not have yet, and writes them before anything listens.
   */
  static open(options: HubTokensOptions): HubTokens {
    if (options.dataDir === null) return new HubTokens(options, {}, [], false);
    const file = join(options.dataDir, TOKENS_FILE);
    const found = readTokensFile(file);
    const kept: KeptTokenValues = { ...found };
    const made = HUB_TOKEN_NAMES.filter((name) => isKept(options, name) && kept[KEY[name]] === undefined);
    for (const name of made) kept[KEY[name]] = randomToken(TOKEN_BYTES);
    if (made.length > 0) writeTokensFile(file, kept);
    return new HubTokens(options, kept, made, found !== null && made.length === 0 && makeTokensFilePrivate(file));
  }

  /** The tokens a hub with these options uses, read without making or changing anything (--print-tokens). */
  static read(options: HubTokensOptions): HubTokens {
    const kept = options.dataDir === null ? null : readTokensFile(join(options.dataDir, TOKENS_FILE));
    return new HubTokens(options, kept ?? {}, [], false);
  }

  /** The token in force, if any. */
  token(name: HubTokenName): string | undefined {
    return given(this.#options, name) ?? (isKept(this.#options, name) ? this.#kept[KEY[name]] : undefined);
  }

  /** Where the token in force comes from. */
  source(name: HubTokenName): TokenSource {
    if (given(this.#options, name) !== undefined) return 'given';
    return this.token(name) === undefined ? 'none' : 'kept';
  }

  /**
   * Makes a new token in place of the kept one and writes it to the tokens file before
   * returning it; the caller puts it in force. A token the hub does not keep is refused
   * with the reason. Throws when the file cannot be written (the old token then stays).
   */
  rotate(name: HubTokenName): RotateResult {
    if (!isKept(this.#options, name)) return { ok: false, message: this.#whyNotKept(name) };
    const kept: KeptTokenValues = { ...this.#kept, [KEY[name]]: randomToken(TOKEN_BYTES) };
    writeTokensFile(this.file!, kept);
    this.#kept = kept;
    return { ok: true, token: kept[KEY[name]]! };
  }

  /** What a hub prints when it made tokens at this start: they are not shown again. */
  notice(): string {
    return `hostpulse-hub: made ${this.made.map((name) => `an ${name} token`).join(' and ')}, shown this once (--print-tokens --data-dir ${this.#options.dataDir} shows them again):\n${this.describe()}`;
  }

  /** One line per token, for a person: the token and where it comes from (--print-tokens, the first start). */
  describe(): string {
    return HUB_TOKEN_NAMES.map((name) => `${name} token: ${this.token(name) ?? 'none'}  (${this.#origin(name)})\n`).join('');
  }

  #origin(name: HubTokenName): string {
    switch (this.source(name)) {
      case 'given':
        return `given by ${FLAG[name]}; not kept`;
      case 'kept':
        return `kept in ${this.file}`;
      case 'none':
        if (!isKept(this.#options, name)) return this.#whyNotKept(name);
        return `not made yet: the hub makes it at its first start with this data dir and keeps it in ${this.file}`;
    }
  }

  #whyNotKept(name: HubTokenName): string {
    if (given(this.#options, name) !== undefined) return `the ${name} token is given by ${FLAG[name]}: change it there and restart the hub`;
    if (this.#options.dataDir === null) return 'without a data dir the hub keeps no tokens: they are per run, as given by flags or variables at each start';
    return 'this hub has no shared agent token: its agents use per-host tokens from --agent-tokens-file (add --agent-token for one every agent may send)';
  }
}

function given(options: HubTokensOptions, name: HubTokenName): string | undefined {
  return name === 'agent' ? options.agentToken : options.adminToken;
}

/** Whether the hub keeps a token of its own for `name`. */
function isKept(options: HubTokensOptions, name: HubTokenName): boolean {
  if (options.dataDir === null || given(options, name) !== undefined) return false;
  return name === 'admin' || options.agentHostTokens.length === 0;
}
