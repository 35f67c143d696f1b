import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeAdminLink } from './admin-link.js';
import { storedAdminToken } from './admin-token.js';

// sessionStorage as a browser tab has it, for this module's unit test only.
const store = new Map<string, string>();
vi.stubGlobal('sessionStorage', {
  getItem: (key: string) => store.get(key) ?? null,
  setItem: (key: string, value: string) => void store.set(key, value),
  removeItem: (key: string) => void store.delete(key),
});

describe('takeAdminLink', () => {
  afterEach(() => store.clear());

  it('keeps the token of an admin link for this tab and leaves the address without it', () => {
    const replaceState = vi.fn();
    expect(takeAdminLink({ hash: '#admin=s3cr%2Bt', pathname: '/', search: '?mode=poll' }, { replaceState })).toBe(true);
    expect(storedAdminToken()).toBe('s3cr+t');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?mode=poll');
  });

  it('leaves any other address alone', () => {
    const replaceState = vi.fn();
    expect(takeAdminLink({ hash: '#/host/web-1', pathname: '/', search: '' }, { replaceState })).toBe(false);
    expect(storedAdminToken()).toBe('');
    expect(replaceState).not.toHaveBeenCalled();
  });
});
