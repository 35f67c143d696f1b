import { describe, expect, it } from 'vitest';
import { tokenLinkReply } from './token-link.js';
import { ViewerAuth } from './viewer-auth.js';

const viewer = new ViewerAuth('view-me');

function header(reply: ReturnType<typeof tokenLinkReply>, name: string): string | undefined {
  return reply?.headers.find(([key]) => key === name)?.[1];
}

describe('tokenLinkReply', () => {
  it('does nothing without a viewer token or without ?token=', () => {
    expect(tokenLinkReply(new ViewerAuth(undefined), '/', 'token=view-me', '')).toBeNull();
    expect(tokenLinkReply(viewer, '/', 'mode=poll', '')).toBeNull();
  });

  it('sets the cookie and redirects to the same URL without the token', () => {
    const reply = tokenLinkReply(viewer, '/', 'mode=poll&token=view-me&x=1', '');
    expect(reply?.status).toBe('303 See Other');
    expect(header(reply, 'Location')).toBe('/?mode=poll&x=1');
    expect(header(reply, 'Set-Cookie')).toMatch(/^hostpulse_viewer=view-me; .*HttpOnly; SameSite=Strict$/);
    expect(header(reply, 'Location')).not.toContain('view-me');
    expect(header(tokenLinkReply(viewer, '/compare', 'token=view-me', ''), 'Location')).toBe('/compare');
  });

  it('marks the cookie Secure when the proxy says the request came over https', () => {
    expect(header(tokenLinkReply(viewer, '/', 'token=view-me', 'https'), 'Set-Cookie')).toMatch(/; Secure$/);
    expect(header(tokenLinkReply(viewer, '/', 'token=view-me', 'https, http'), 'Set-Cookie')).toMatch(/; Secure$/);
    expect(header(tokenLinkReply(viewer, '/', 'token=view-me', 'http'), 'Set-Cookie')).not.toMatch(/Secure/);
  });

  it('never redirects to another site', () => {
    expect(header(tokenLinkReply(viewer, '//evil.example/x', 'token=view-me', ''), 'Location')).toBe('/evil.example/x');
    expect(header(tokenLinkReply(viewer, '/\\evil.example', 'token=view-me', ''), 'Location')).toBe('/evil.example');
  });

  it('refuses a wrong token with 401 and no cookie', () => {
    const reply = tokenLinkReply(viewer, '/', 'token=guess', '');
    expect(reply?.status).toBe('401 Unauthorized');
    expect(header(reply, 'Set-Cookie')).toBeUndefined();
  });
});
