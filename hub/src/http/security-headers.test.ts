import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, DATA_CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  it('gives pages the dashboard policy and everything else a policy that allows nothing', () => {
    const names = ['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy', 'X-Frame-Options'];
    expect(securityHeaders('text/html; charset=utf-8')).toEqual([
      ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'no-referrer'],
      ['X-Frame-Options', 'DENY'],
    ]);
    for (const type of ['application/json', 'text/javascript; charset=utf-8', undefined]) {
      const headers = securityHeaders(type);
      expect(headers.map(([name]) => name)).toEqual(names);
      expect(headers[0]).toEqual(['Content-Security-Policy', DATA_CONTENT_SECURITY_POLICY]);
    }
  });

  it('allows the page nothing inline and no framing', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(DATA_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});
