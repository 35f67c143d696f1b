import { forwardedHttps } from '../http/forwarded-proto.js';
/** The query parameter a viewer link carries its token in. */
export const TOKEN_PARAM = 'token';
/**
 * The answer to a page request whose query carries `?token=`, or null when there
 * is nothing to do (no viewer token configured, or no token in the query). A right
 * token sets the viewer cookie and redirects to the same URL without it, so the
 * token leaves the address bar and history; a wrong one is refused.
 */
export function tokenLinkReply(viewer, urlPath, query, forwardedProto) {
    if (!viewer.isRequired)
        return null;
    const params = new URLSearchParams(query);
    const token = params.get(TOKEN_PARAM);
    if (token === null)
        return null;
    if (!viewer.isToken(token)) {
        const body = 'The token in this link is not the viewer token of this hub. Ask for a new link.\n';
        return { status: '401 Unauthorized', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-store']], body };
    }
    params.delete(TOKEN_PARAM);
    const rest = params.toString();
    // One leading slash only: "//host" would be a redirect to another site.
    const location = `/${urlPath.replace(/^[/\\]+/, '')}${rest === '' ? '' : `?${rest}`}`;
    return {
        status: '303 See Other',
        headers: [['Location', location], ['Set-Cookie', viewer.setCookie(forwardedHttps(forwardedProto))], ['Cache-Control', 'no-store']],
        // An empty body, not none: a 303 needs its Content-Length: 0 to end on a kept-alive connection.
        body: '',
    };
}
//# sourceMappingURL=token-link.js.map