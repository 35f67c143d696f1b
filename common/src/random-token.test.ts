import { describe, expect, it } from 'vitest';
import { randomToken } from './random-token.js';

describe('randomToken', () => {
  it('is base64url of the bytes asked for, never starting with "-", and never the same twice', () => {
    // A draw starts with "-" one time in 64: 2,000 draws would all but surely show one.
    const tokens = Array.from({ length: 2000 }, () => randomToken(32));
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(randomToken(18)).toHaveLength(24);
  });
});
