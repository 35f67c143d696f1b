import type { Reply } from '../http/reply.js';
import type { ViewerAuth } from './viewer-auth.js';
/** The query parameter a viewer link carries its token in. */
export declare const TOKEN_PARAM = "token";
/**
 * The answer to a page request whose query carries `?token=`, or null when there
 * is nothing to do (no viewer token configured, or no token in the query). A right
 * token sets the viewer cookie and redirects to the same URL without it, so the
 * token leaves the address bar and history; a wrong one is refused.
 */
export declare function tokenLinkReply(viewer: ViewerAuth, urlPath: string, query: string, forwardedProto: string): Reply | null;
//# sourceMappingURL=token-link.d.ts.map