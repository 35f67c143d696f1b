/**
 * Normalises an origin given in config (`https://dash.example.com:8443`) to what
 * browsers send in an Origin header, or undefined when it is not an http(s) origin.
 */
export function normaliseOrigin(text) {
    let url;
    try {
        url = new URL(text);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return undefined;
    if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '')
        return undefined;
    return url.origin;
}
// A Host header is host[:port]: a name, an IPv4 address or a bracketed IPv6 one; nothing that could carry a path.
const HOST_HEADER_RE = /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/;
/** Whether an Origin header names the same host and port as the Host header, over http or https. */
export function isSameOrigin(origin, hostHeader) {
    let url;
    try {
        url = new URL(origin);
    }
    catch {
        return false;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !HOST_HEADER_RE.test(hostHeader))
        return false;
    try {
        // Parsed with the origin's scheme, so a default port written out (example.com:443) compares equal.
        return new URL(`${url.protocol}//${hostHeader}`).host === url.host;
    }
    catch {
        return false;
    }
}
/**
 * Which Origins may open a WebSocket to /live: the hub's own (as the Host header
 * names it) and those configured. A request with no Origin header is no browser
 * (agents, the bench, curl), so it is let through; its auth is checked separately.
 */
export class OriginPolicy {
    #allowed;
    constructor(allowedOrigins) {
        this.#allowed = new Set(allowedOrigins);
    }
    /** Whether a WebSocket upgrade with these Origin and Host headers may proceed. */
    isAllowed(origin, hostHeader) {
        if (origin === '')
            return true;
        return isSameOrigin(origin, hostHeader) || this.#allowed.has(normaliseOrigin(origin) ?? '');
    }
}
//# sourceMappingURL=origin-policy.js.map