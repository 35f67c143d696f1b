import { matchesDigest, tokenDigest } from './token-compare.js';
/** Name of the cookie that carries the viewer token for browsers. */
export const VIEWER_COOKIE = 'hostpulse_viewer';
/** How long a browser keeps the viewer cookie, in seconds (30 days). */
export const VIEWER_COOKIE_MAX_AGE_SEC = 30 * 86_400;
/** The value of cookie `name` in a Cookie header, or undefined. */
export function cookieValue(cookieHeader, name) {
    for (const part of cookieHeader.split(';')) {
        const eq = part.indexOf('=');
        if (eq < 0 || part.slice(0, eq).trim() !== name)
            continue;
        try {
            return decodeURIComponent(part.slice(eq + 1).trim());
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
/**
 * The optional viewer token that guards live data: the API, /metrics and /live
 * accept it as `Authorization: Bearer <token>` or as the cookie a `?token=` link
 * sets. With no token configured everyone is a viewer.
 */
export class ViewerAuth {
    #bearer;
    #bare;
    #token;
    constructor(token) {
        this.#token = token;
        this.#bearer = token === undefined ? null : tokenDigest(`Bearer ${token}`);
        this.#bare = token === undefined ? null : tokenDigest(token);
    }
    /** Whether requests must carry the token. */
    get isRequired() {
        return this.#token !== undefined;
    }
    /** Whether `text` is the token itself (from a `?token=` link), compared in constant time. */
    isToken(text) {
        return this.#bare !== null && matchesDigest(text, this.#bare);
    }
    /** Whether a request with these Authorization and Cookie headers may see live data. */
    isAllowed(authorization, cookieHeader) {
        if (this.#bearer === null || this.#bare === null)
            return true;
        // Both are checked every time, so the answer's timing does not say which one was tried.
        const byHeader = matchesDigest(authorization, this.#bearer);
        const byCookie = matchesDigest(cookieValue(cookieHeader, VIEWER_COOKIE) ?? '', this.#bare);
        return byHeader || byCookie;
    }
    /**
     * The Set-Cookie value that lets a browser in: HttpOnly so page scripts never
     * see it, SameSite=Strict so other sites cannot send it, Secure when the page
     * came over https.
     */
    setCookie(isSecure) {
        const value = encodeURIComponent(this.#token ?? '');
        return `${VIEWER_COOKIE}=${value}; Path=/; Max-Age=${VIEWER_COOKIE_MAX_AGE_SEC}; HttpOnly; SameSite=Strict${isSecure ? '; Secure' : ''}`;
    }
}
//# sourceMappingURL=viewer-auth.js.map