import { errorReply } from '../http/reply.js';
import { matchesDigest, tokenDigest } from './token-compare.js';
/**
 * The admin token that guards changes made through the API, sent as
 * `Authorization: Bearer <token>`: given, or kept in the data dir (see HubTokens).
 * With none, no request is an admin's.
 */
export class AdminAuth {
    #bearer;
    constructor(token) {
        this.#bearer = token === undefined ? null : tokenDigest(`Bearer ${token}`);
    }
    /** Accepts `token` from now on in place of the old one (a rotation); the old one is refused at once. */
    setToken(token) {
        this.#bearer = tokenDigest(`Bearer ${token}`);
    }
    /** Whether an admin token is configured at all. */
    get isConfigured() {
        return this.#bearer !== null;
    }
    /** Whether this Authorization header carries the admin token, compared in constant time. */
    isAdmin(authorization) {
        return this.#bearer !== null && matchesDigest(authorization, this.#bearer);
    }
    /**
     * The answer refusing a change that needs the admin token, or null when this
     * Authorization header carries it: 403 when the hub has no admin token, 401 when
     * it is missing or wrong. `action` names the change, as in "deleting a host".
     */
    refusal(authorization, action) {
        if (this.#bearer === null)
            return errorReply('403 Forbidden', `${action} needs an admin token, and this hub has none: start it with --admin-token, or with --data-dir DIR, where it keeps one of its own`);
        if (this.isAdmin(authorization))
            return null;
        return errorReply('401 Unauthorized', 'admin token missing or wrong: send "Authorization: Bearer ADMIN_TOKEN"', [['WWW-Authenticate', 'Bearer']]);
    }
}
//# sourceMappingURL=admin-auth.js.map