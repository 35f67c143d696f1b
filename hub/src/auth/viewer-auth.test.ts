import { describe, expect, it } from 'vitest';
import { cookieValue, VIEWER_COOKIE, ViewerAuth } from './viewer-auth.js';

describe('cookieValue', () => {
  it('finds one cookie among others and decodes it', () => {
    expect(cookieValue('a=1; hostpulse_viewer=t%20k; b=2', VIEWER_COOKIE)).toBe('t k');
    expect(cookieValue('xhostpulse_viewer=1', VIEWER_COOKIE)).toBeUndefined();
    expect(cookieValue('', VIEWER_COOKIE)).toBeUndefined();
    expect(cookieValue('hostpulse_viewer=%E0%A4%A', VIEWER_COOKIE)).toBeUndefined();
  });
});

describe('ViewerAuth', () => {
  it('lets everyone watch when no token is set', () => {
    const viewer = new ViewerAuth(undefined);
    expect(viewer.isRequired).toBe(false);
    expect(viewer.isAllowed('', '')).toBe(true);
    expect(viewer.isToken('anything')).toBe(false);
  });

  it('takes the token as a bearer header or as the cookie, nothing else', () => {
    const viewer = new ViewerAuth('v;t=1');
    expect(viewer.isRequired).toBe(true);
    expect(viewer.isAllowed('Bearer v;t=1', '')).toBe(true);
    expect(viewer.isAllowed('', `${VIEWER_COOKIE}=${encodeURIComponent('v;t=1')}`)).toBe(true);
    expect(viewer.isAllowed('', '')).toBe(false);
    expect(viewer.isAllowed('Bearer v;t=2', `${VIEWER_COOKIE}=v`)).toBe(false);
    expect(viewer.isAllowed('v;t=1', 'other=v;t=1')).toBe(false);
    expect(viewer.isToken('v;t=1')).toBe(true);
    expect(viewer.isToken('v;t=')).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie, Secure only over https', () => {
    const viewer = new ViewerAuth('v;t=1');
    const plain = viewer.setCookie(false);
    expect(plain).toMatch(/^hostpulse_viewer=v%3Bt%3D1; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    expect(viewer.setCookie(true)).toBe(`${plain}; Secure`);
  });
});
