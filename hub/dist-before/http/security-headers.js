/**
 * The Content-Security-Policy of the dashboard's pages. The built dashboard loads only its
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
/**
 * The Content-Security-Policy of every answer that is not a page: JSON, /metrics,
 * scripts, styles, errors. Nothing renders them as a document, so they allow
 * nothing; the policy is short because it goes out with every poll.
 */
export const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
/** Headers sent with every HTTP answer besides its Content-Security-Policy. */
export const SECURITY_HEADERS = [
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'no-referrer'],
    ['X-Frame-Options', 'DENY'],
];
/** Every security header for an answer of this Content-Type: the page policy for HTML, the empty one otherwise. */
export function securityHeaders(contentType) {
    const isPage = contentType?.startsWith('text/html') ?? false;
    return [['Content-Security-Policy', isPage ? CONTENT_SECURITY_POLICY : DATA_CONTENT_SECURITY_POLICY], ...SECURITY_HEADERS];
}
//# sourceMappingURL=security-headers.js.map