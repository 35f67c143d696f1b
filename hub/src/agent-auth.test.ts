import { describe, expect, it } from 'vitest';
import { isBearerTokenValid } from './agent-auth.js';

describe('isBearerTokenValid', () => {
  it('accepts exactly "Bearer <token>"', () => {
    expect(isBearerTokenValid('Bearer s3cret', 's3cret')).toBe(true);
    for (const header of ['', 'Bearer', 'Bearer s3cre', 'Bearer s3cret ', 'bearer s3cret', 'Basic s3cret', 'Bearer S3CRET']) {
      expect({ header, ok: isBearerTokenValid(header, 's3cret') }).toEqual({ header, ok: false });
    }
  });
});
