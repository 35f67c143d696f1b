import { describe, expect, it } from 'vitest';
import { AdminAuth } from './admin-auth.js';

describe('AdminAuth', () => {
  it('accepts only the configured token as a bearer header', () => {
    const auth = new AdminAuth('s3cret');
    expect(auth.isConfigured).toBe(true);
    expect(auth.isAdmin('Bearer s3cret')).toBe(true);
    expect(auth.isAdmin('Bearer s3cre')).toBe(false);
    expect(auth.isAdmin('s3cret')).toBe(false);
    expect(auth.isAdmin('')).toBe(false);
  });

  it('refuses everyone when no token is configured', () => {
    const auth = new AdminAuth(undefined);
    expect(auth.isConfigured).toBe(false);
    expect(auth.isAdmin('Bearer ')).toBe(false);
    expect(auth.isAdmin('')).toBe(false);
  });
});
