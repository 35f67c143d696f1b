/**
 * The Content-Security-Policy of the dashboard's pages. The built dashboard loads only its
 * own script and stylesheet files, so nothing inline is allowed: Svelte's style:
 * directives and Chart.js set styles through the CSSOM (element.style), which CSP
 * does not govern. connect-src 'self' covers fetch and the same-origin ws:/wss:
 * socket to /live. The favicon is a data: URL. Nothing may frame the hub.
 */
export declare const CONTENT_SECURITY_POLICY: string;
/**
 * The Content-Security-Policy of every answer that is not a page: JSON, /metrics,
 * scripts, styles, errors. Nothing renders them as a document, so they allow
 * nothing; the policy is short because it goes out with every poll.
 */
export declare const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
/** Headers sent with every HTTP answer besides its Content-Security-Policy. */
export declare const SECURITY_HEADERS: ReadonlyArray<[string, string]>;
/** Every security header for an answer of this Content-Type: the page policy for HTML, the empty one otherwise. */
export declare function securityHeaders(contentType: string | undefined): [string, string][];
//# sourceMappingURL=security-headers.d.ts.map