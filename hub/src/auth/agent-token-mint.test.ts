import { describe, expect, it } from 'vitest';
import { MINTED_TOKEN_PATTERN } from '@hostpulse/protocol';
import { createLogger } from '@hostpulse/common';
import { AgentAuth } from './agent-auth.js';
import { AGENT_TOKEN_STATE_PREFIX, AgentTokenMint } from './agent-token-mint.js';
import { HistoryStore } from '../store/history-store.js';

const FILE_TOKENS = [{ hostId: 'web-1', token: 'tok-web' }];

/** A mint over `store`; `open` makes it a hub started with no agent token at all. */
function setUp(store = new HistoryStore({ dataDir: null, memoryMs: 60_000 }), { open = false, maxTokens = 10 } = {}) {
  const lines: string[] = [];
  const auth = open ? new AgentAuth(undefined) : new AgentAuth('shared', FILE_TOKENS);
  const mint = new AgentTokenMint({ store, auth, log: createLogger('hub', 'debug', (line) => lines.push(line)), maxTokens, nowMs: () => 1_000 });
  return { store, auth, mint, lines };
}

function minted(mint: AgentTokenMint, hostId: string): string {
  const result = mint.mint(hostId);
  if (!result.ok) throw new Error(result.message);
  return result.token;
}

describe('AgentTokenMint', () => {
  it('mints a random token valid at once for its host id only, and keeps only its digest', () => {
    const { store, auth, mint, lines } = setUp();
    const token = minted(mint, 'cache-1');
    expect(token).toMatch(new RegExp(MINTED_TOKEN_PATTERN));
    expect(minted(mint, 'cache-2')).not.toBe(token);
    expect(auth.check(`Bearer ${token}`)).toEqual({ ok: true, hostId: 'cache-1' });
    const state = store.readState(AGENT_TOKEN_STATE_PREFIX);
    expect(state.map(([key]) => key)).toEqual(['agent-token/cache-1', 'agent-token/cache-2']);
    expect(JSON.parse(state[0]![1])).toEqual({ bearerSha256: expect.stringMatching(/^[0-9a-f]{64}$/), createdMs: 1_000 });
    expect(JSON.stringify(state) + lines.join('')).not.toContain(token);
    expect(mint.list()).toEqual([{ hostId: 'cache-1', createdMs: 1_000 }, { hostId: 'cache-2', createdMs: 1_000 }]);
  });

  it('replaces the old token when minting again for the same host id', () => {
    const { auth, mint } = setUp();
    const first = minted(mint, 'cache-1');
    const again = mint.mint('cache-1');
    expect(again).toMatchObject({ ok: true, replaced: true });
    expect(auth.check(`Bearer ${first}`)).toEqual({ ok: false });
    expect(auth.check(`Bearer ${(again as { token: string }).token}`)).toEqual({ ok: true, hostId: 'cache-1' });
    expect(mint.list()).toHaveLength(1);
  });

  it('revokes a token at once and forgets it in the store', () => {
    const { store, auth, mint } = setUp();
    const token = minted(mint, 'cache-1');
    expect(mint.revoke('cache-1')).toBe(true);
    expect(mint.revoke('cache-1')).toBe(false);
    expect(auth.check(`Bearer ${token}`)).toEqual({ ok: false });
    expect(store.readState(AGENT_TOKEN_STATE_PREFIX)).toEqual([]);
    expect(mint.list()).toEqual([]);
  });

  it('refuses a host id whose token the file gives, a hub that takes agents without a token, and more than its limit', () => {
    expect(setUp().mint.mint('web-1')).toEqual({ ok: false, message: expect.stringMatching(/"web-1" has its token in the hub's --agent-tokens-file/) });
    expect(setUp(undefined, { open: true }).mint.mint('cache-1')).toEqual({ ok: false, message: expect.stringMatching(/without any token.*--agent-token/) });
    const { mint } = setUp(undefined, { maxTokens: 2 });
    minted(mint, 'a');
    minted(mint, 'b');
    expect(mint.mint('c')).toEqual({ ok: false, message: expect.stringMatching(/2 minted tokens.*revoke one first/) });
    expect(mint.mint('b')).toMatchObject({ ok: true, replaced: true });
  });

  it('takes back at start what the store kept: the next hub over the same state accepts the kept token, not the revoked one', () => {
    const first = setUp();
    const kept = minted(first.mint, 'cache-1');
    const revoked = minted(first.mint, 'cache-2');
    first.mint.revoke('cache-2');
    const second = setUp(first.store);
    expect(second.auth.check(`Bearer ${kept}`)).toEqual({ ok: true, hostId: 'cache-1' });
    expect(second.auth.check(`Bearer ${revoked}`)).toEqual({ ok: false });
    expect(second.mint.list()).toEqual([{ hostId: 'cache-1', createdMs: 1_000 }]);
  });

  it('at start, revokes (and says so) a minted token of a host id the file now names, and ignores an unreadable entry without deleting it', () => {
    const store = new HistoryStore({ dataDir: null, memoryMs: 60_000 });
    store.putState('agent-token/web-1', JSON.stringify({ bearerSha256: 'a'.repeat(64), createdMs: 5 }));
    store.putState('agent-token/cache-9', '{"bearerSha256":"not hex"}');
    const { mint, lines } = setUp(store);
    expect(mint.list()).toEqual([]);
    expect(store.readState(AGENT_TOKEN_STATE_PREFIX).map(([key]) => key)).toEqual(['agent-token/cache-9']);
    expect(lines.join('')).toMatch(/warn hub: minted agent token revoked: --agent-tokens-file now gives this host id its token hostId=web-1/);
    expect(lines.join('')).toMatch(/warn hub: minted agent token unreadable, ignored key=agent-token\/cache-9/);
  });
});
