import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { AgentAuth } from './agent-auth.js';
import { tokenDigest } from './token-compare.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, createHash: vi.fn(actual.createHash) };
});

describe('AgentAuth', () => {
  it('accepts exactly "Bearer <token>"', () => {
    const auth = new AgentAuth('s3cret');
    expect(auth.check('Bearer s3cret').ok).toBe(true);
    for (const header of ['', 'Bearer', 'Bearer s3cre', 'Bearer s3cret ', 'bearer s3cret', 'Basic s3cret', 'Bearer S3CRET']) {
      expect({ header, ok: auth.check(header).ok }).toEqual({ header, ok: false });
    }
  });

  const hostTokens = [
    { hostId: 'web-1', token: 'tok-web' },
    { hostId: 'db-1', token: 'tok-db' },
  ];

  it('lets anyone in when no token is configured', () => {
    const auth = new AgentAuth(undefined);
    expect(auth.isRequired).toBe(false);
    expect(auth.check('')).toEqual({ ok: true, hostId: null });
  });

  it('accepts the shared token for any host id', () => {
    const auth = new AgentAuth('shared');
    expect(auth.isRequired).toBe(true);
    expect(auth.check('Bearer shared')).toEqual({ ok: true, hostId: null });
    expect(auth.check('Bearer other')).toEqual({ ok: false });
    expect(auth.check('')).toEqual({ ok: false });
  });

  it('binds each per-host token to its host id', () => {
    const auth = new AgentAuth(undefined, hostTokens);
    expect(auth.isRequired).toBe(true);
    expect(auth.check('Bearer tok-web')).toEqual({ ok: true, hostId: 'web-1' });
    expect(auth.check('Bearer tok-db')).toEqual({ ok: true, hostId: 'db-1' });
    for (const header of ['', 'tok-web', 'Bearer tok-we', 'Bearer tok-web ', 'Bearer web-1']) {
      expect({ header, result: auth.check(header) }).toEqual({ header, result: { ok: false } });
    }
  });

  it('takes both: the shared token for any host, per-host tokens for theirs', () => {
    const auth = new AgentAuth('shared', hostTokens);
    expect(auth.check('Bearer shared')).toEqual({ ok: true, hostId: null });
    expect(auth.check('Bearer tok-db')).toEqual({ ok: true, hostId: 'db-1' });
    expect(auth.check('Bearer nope')).toEqual({ ok: false });
  });

  it('takes a minted token for its host id at once, replaces it on the next mint and drops it on revoke', () => {
    const auth = new AgentAuth('shared', hostTokens);
    expect(auth.check('Bearer minted-1')).toEqual({ ok: false });
    auth.setMinted('cache-1', tokenDigest('Bearer minted-1'));
    expect(auth.check('Bearer minted-1')).toEqual({ ok: true, hostId: 'cache-1' });
    auth.setMinted('cache-1', tokenDigest('Bearer minted-2'));
    expect(auth.check('Bearer minted-1')).toEqual({ ok: false });
    expect(auth.check('Bearer minted-2')).toEqual({ ok: true, hostId: 'cache-1' });
    auth.removeMinted('cache-1');
    expect(auth.check('Bearer minted-2')).toEqual({ ok: false });
    expect(auth.check('Bearer tok-web')).toEqual({ ok: true, hostId: 'web-1' });
  });

  it('never lets a minted token displace or drop the token the file gives a host id', () => {
    const auth = new AgentAuth(undefined, hostTokens);
    expect(auth.hasFileToken('web-1')).toBe(true);
    expect(auth.hasFileToken('cache-1')).toBe(false);
    expect(() => auth.setMinted('web-1', tokenDigest('Bearer minted'))).toThrow(/--agent-tokens-file/);
    auth.removeMinted('web-1');
    expect(auth.check('Bearer tok-web')).toEqual({ ok: true, hostId: 'web-1' });
    expect(auth.check('Bearer minted')).toEqual({ ok: false });
  });

  it('stays open on a hub started without tokens, whatever is minted', () => {
    const auth = new AgentAuth(undefined);
    auth.setMinted('cache-1', tokenDigest('Bearer minted'));
    expect(auth.isRequired).toBe(false);
    expect(auth.check('')).toEqual({ ok: true, hostId: null });
  });

  it('hashes the header once per check, however many per-host tokens it holds', () => {
    const manyTokens = Array.from({ length: 10_000 }, (_, i) => ({ hostId: `host-${i}`, token: `tok-${i}` }));
    const auth = new AgentAuth('shared', manyTokens);
    const hash = vi.mocked(createHash);
    for (const header of ['Bearer tok-9999', 'Bearer nope', 'Bearer shared']) {
      hash.mockClear();
      auth.check(header);
      expect({ header, hashes: hash.mock.calls.length }).toEqual({ header, hashes: 1 });
    }
  });

  it('finds the right host among 10,000 tokens through mints, revokes and a shared-token rotation', () => {
    const manyTokens = Array.from({ length: 10_000 }, (_, i) => ({ hostId: `host-${i}`, token: `tok-${i}` }));
    const auth = new AgentAuth('shared', manyTokens);
    for (const i of [0, 1, 4_999, 9_999]) expect(auth.check(`Bearer tok-${i}`)).toEqual({ ok: true, hostId: `host-${i}` });
    expect(auth.check('Bearer tok-10000')).toEqual({ ok: false });
    auth.setMinted('cache-1', tokenDigest('Bearer minted-1'));
    auth.setMinted('cache-2', tokenDigest('Bearer minted-2'));
    auth.setMinted('cache-1', tokenDigest('Bearer minted-3'));
    expect(auth.check('Bearer minted-1')).toEqual({ ok: false });
    expect(auth.check('Bearer minted-2')).toEqual({ ok: true, hostId: 'cache-2' });
    expect(auth.check('Bearer minted-3')).toEqual({ ok: true, hostId: 'cache-1' });
    auth.removeMinted('cache-2');
    expect(auth.check('Bearer minted-2')).toEqual({ ok: false });
    expect(auth.check('Bearer minted-3')).toEqual({ ok: true, hostId: 'cache-1' });
    auth.setShared('shared-2');
    expect(auth.check('Bearer shared')).toEqual({ ok: false });
    expect(auth.check('Bearer shared-2')).toEqual({ ok: true, hostId: null });
    expect(auth.check('Bearer tok-4999')).toEqual({ ok: true, hostId: 'host-4999' });
  });
});
