import { type Reply } from '../http/reply.js';
/**
 * The admin token that guards changes made through the API, sent as
 * `Authorization: Bearer <token>`: given, or kept in the data dir (see HubTokens).
 * With none, no request is an admin's.
 */
export declare class AdminAuth {
    #private;
    constructor(token: string | undefined);
    /** Accepts `token` from now on in place of the old one (a rotation); the old one is refused at once. */
    setToken(token: string): void;
    /** Whether an admin token is configured at all. */
    get isConfigured(): boolean;
    /** Whether this Authorization header carries the admin token, compared in constant time. */
    isAdmin(authorization: string): boolean;
    /**
     * The answer refusing a change that needs the admin token, or null when this
     * Authorization header carries it: 403 when the hub has no admin token, 401 when
     * it is missing or wrong. `action` names the change, as in "deleting a host".
     */
    refusal(authorization: string, action: string): Reply | null;
}
//# sourceMappingURL=admin-auth.d.ts.map