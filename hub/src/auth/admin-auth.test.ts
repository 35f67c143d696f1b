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

  it('refuses a change with 403 on a hub without an admin token and 401 without the right one, naming the change', () => {
    const none = new AdminAuth(undefined).refusal('Bearer anything', 'minting an agent token');
    expect(none?.status).toBe('403 Forbidden');
    expect(JSON.parse(String(none?.body)).error.message).toMatch(/^minting an agent token needs an admin token.*--admin-token/);
    const auth = new AdminAuth('s3cret');
    const wrong = auth.refusal('Bearer nope', 'minting an agent token');
    expect(wrong?.status).toBe('401 Unauthorized');
    expect(wrong?.headers).toContainEqual(['WWW-Authenticate', 'Bearer']);
    expect(auth.refusal('Bearer s3cret', 'minting an agent token')).toBeNull();
  });
});
