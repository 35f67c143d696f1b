/**
 * The Content-Security-Policy of every answer. The built dashboard loads only its
 * own script and stylesheet files, so nothing inline is allowed: Svelte's style:
 * directives and Chart.js set styles through the CSSOM (element.style), which CSP
 * does not govern. connect-src 'self' covers fetch and the same-origin ws:/wss:
 * socket to /live. The favicon is a data: URL. Nothing may frame the hub.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers sent with every HTTP answer: API, files, errors and redirects. */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
];
