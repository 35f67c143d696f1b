/** Name of the cookie that carries the viewer token for browsers. */
export declare const VIEWER_COOKIE = "hostpulse_viewer";
/** How long a browser keeps the viewer cookie, in seconds (30 days). */
export declare const VIEWER_COOKIE_MAX_AGE_SEC: number;
/** The value of cookie `name` in a Cookie header, or undefined. */
export declare function cookieValue(cookieHeader: string, name: string): string | undefined;
/**
 * The optional viewer token that guards live data: the API, /metrics and /live
 * accept it as `Authorization: Bearer <token>` or as the cookie a `?token=` link
 * sets. With no token configured everyone is a viewer.
 */
export declare class ViewerAuth {
    #private;
    constructor(token: string | undefined);
    /** Whether requests must carry the token. */
    get isRequired(): boolean;
    /** Whether `text` is the token itself (from a `?token=` link), compared in constant time. */
    isToken(text: string): boolean;
    /** Whether a request with these Authorization and Cookie headers may see live data. */
    isAllowed(authorization: string, cookieHeader: string): boolean;
    /**
     * The Set-Cookie value that lets a browser in: HttpOnly so page scripts never
     * see it, SameSite=Strict so other sites cannot send it, Secure when the page
     * came over https.
     */
    setCookie(isSecure: boolean): string;
}
//# sourceMappingURL=viewer-auth.d.ts.map