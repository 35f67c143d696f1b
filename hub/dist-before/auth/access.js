import { CLIENT_ID_HEADER } from '@hostpulse/protocol';
import { clientAddress } from '../http/client-address.js';
import { addressText, errorReply, writeReply } from '../http/reply.js';
import { misdirectedReply } from './host-names.js';
/** Request headers a cross-origin poller may send (the preflight allows these). */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'If-None-Match', CLIENT_ID_HEADER].join(', ');
/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SEC = 600;
/** The answer to an upgrade refused by the socket limits. */
const SOCKET_REFUSALS = {
    tooManySockets: (remote) => errorReply('429 Too Many Requests', `too many sockets open from ${remote}; see --max-sockets-per-address`, [['Retry-After', '10']]),
    outOfDescriptors: () => errorReply('503 Service Unavailable', 'the hub is out of file descriptors for new sockets; try again later', [['Retry-After', '10']]),
};
/**
 * Who may do what, for every route and socket (auth/routes.ts gives each its
 * policy). Host names, Origins and tokens are checked here only, in the handler's
 * synchronous top, and every refusal is counted here, the same way: its fault,
 * the path, the remote address and the Origin.
 */
export class Access {
    #o;
    #corsOrigins;
    constructor(options) {
        this.#o = options;
        this.#corsOrigins = new Set(options.corsOrigins);
    }
    /** Whether changing the lab needs the admin token: once the hub has a viewer or an admin token. */
    get labNeedsAdmin() {
        return this.#o.viewer.isRequired || this.#o.admin.isConfigured;
    }
    /** CORS headers for a request from `origin`: none unless that origin is configured. */
    #corsHeaders(origin) {
        if (!this.#corsOrigins.has(origin))
            return [];
        return [
            ['Access-Control-Allow-Origin', origin],
            ['Access-Control-Expose-Headers', 'ETag'],
            ['Vary', 'Origin'],
        ];
    }
    /** Checks a request against `spec`'s policy and counts a refusal. Call in the handler's synchronous top (req is gone after it). */
    check(spec, req, res) {
        const headers = spec.policy === 'public' || spec.method === 'ws' ? [] : this.#corsHeaders(req.getHeader('origin'));
        const verdict = this.#decide(spec, req, headers);
        const fault = verdict.refusal?.fault;
        if (fault)
            this.#o.faults.record(fault, { path: req.getUrl(), remote: addressText(res.getRemoteAddressAsText()), origin: req.getHeader('origin') || undefined });
        return verdict;
    }
    /** Registers an HTTP route behind its policy: a refused request gets its refusal, the rest reach `handler`. */
    route(app, spec, handler) {
        app[spec.method](spec.path, (res, req) => {
            const verdict = this.check(spec, req, res);
            if (verdict.refusal)
                return void writeReply(res, verdict.refusal.reply);
            handler(res, req, verdict.headers);
        });
    }
    /**
     * Registers a WebSocket behind the socket limits and its policy: a refused upgrade
     * gets its HTTP refusal before any socket exists, and is counted.
     */
    socket(app, spec, behavior) {
        const { sockets, trustedProxies, faults } = this.#o;
        app.ws(spec.path, {
            ...behavior,
            upgrade: (res, req, context) => {
                const remote = clientAddress(addressText(res.getRemoteAddressAsText()), req.getHeader('x-forwarded-for'), trustedProxies);
                const limited = sockets.refusal(remote);
                if (limited) {
                    faults.record(limited, { path: spec.path, remote });
                    return void writeReply(res, SOCKET_REFUSALS[limited](remote));
                }
                const verdict = this.check(spec, req, res);
                if (verdict.refusal)
                    return void writeReply(res, verdict.refusal.reply);
                behavior.upgrade(res, req, context, verdict, remote);
            },
            open: (ws) => {
                sockets.opened(ws.getUserData().remote);
                behavior.open?.(ws);
            },
            close: (ws, code, message) => {
                sockets.closed(ws.getUserData().remote);
                behavior.close?.(ws, code, message);
            },
        });
    }
    /** The answer to a CORS preflight (OPTIONS): allowed for configured origins asking to GET. */
    preflight(origin, requestMethod) {
        const headers = this.#corsHeaders(origin);
        if (headers.length === 0 || requestMethod.toUpperCase() !== 'GET') {
            return errorReply('403 Forbidden', 'cross-origin request not allowed; see --cors-origin');
        }
        return {
            status: '204 No Content',
            headers: [
                ...headers,
                ['Access-Control-Allow-Methods', 'GET'],
                ['Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS],
                ['Access-Control-Max-Age', String(CORS_MAX_AGE_SEC)],
            ],
            body: null,
        };
    }
    #decide(spec, req, headers) {
        const refuse = (refusal) => ({ refusal, headers, tokenHostId: null });
        const allow = { refusal: null, headers, tokenHostId: null };
        const { viewer, admin, agents, hostNames, origins } = this.#o;
        const authorization = req.getHeader('authorization');
        const origin = req.getHeader('origin');
        switch (spec.policy) {
            case 'public':
                return allow;
            case 'agent': {
                // Agents are never browsers: a page's script, whatever site it came from, carries an Origin and may not feed the hub.
                if (origin !== '')
                    return refuse({ fault: 'forbiddenOrigin', reply: errorReply('403 Forbidden', `browsers may not open ${spec.path}: an upgrade with an Origin header is refused`) });
                const result = agents.check(authorization);
                if (!result.ok)
                    return refuse({ fault: 'unauthorized', reply: errorReply('401 Unauthorized', 'agent token missing or wrong', [['WWW-Authenticate', 'Bearer']]) });
                return { ...allow, tokenHostId: result.hostId };
            }
            default:
                break;
        }
        // A page that rebinds its own DNS name to the hub's address sends its own name as Host.
        const host = req.getHeader('host');
        if (!hostNames.isAllowed(host))
            return refuse({ fault: 'forbiddenHost', reply: misdirectedReply(host) });
        switch (spec.policy) {
            case 'viewer':
                // A browser sends its cookie with any socket it opens, so a socket also needs a page of an allowed origin.
                if (spec.method === 'ws' && !origins.isAllowed(origin, host)) {
                    return refuse({ fault: 'forbiddenOrigin', reply: errorReply('403 Forbidden', `origin not allowed to open ${spec.path}; see --allowed-origins`) });
                }
                if (viewer.isAllowed(authorization, req.getHeader('cookie')))
                    return allow;
                return refuse({
                    fault: 'unauthorized',
                    reply: errorReply('401 Unauthorized', 'viewer token missing or wrong: send "Authorization: Bearer TOKEN" or open the dashboard with ?token=TOKEN', [['WWW-Authenticate', 'Bearer'], ...headers]),
                });
            case 'admin':
                return this.#adminOnly(spec.action ?? 'this change', authorization, refuse) ?? allow;
            case 'lab':
                if (!origins.isAllowed(origin, host)) {
                    return refuse({ fault: 'forbiddenOrigin', reply: errorReply('403 Forbidden', 'the lab takes changes only from the hub\'s own pages; see --allowed-origins') });
                }
                if (!this.labNeedsAdmin)
                    return allow;
                if (!admin.isConfigured)
                    return refuse({ fault: null, reply: errorReply('403 Forbidden', 'this hub has a viewer token, so the lab needs the admin token, and none is set: start the hub with --admin-token') });
                return this.#adminOnly('changing the lab', authorization, refuse) ?? allow;
            default: {
                const unreachable = spec.policy;
                return unreachable;
            }
        }
    }
    /** The refusal of a request without the admin token, or null with it: 403 on a hub that has none (not a fault), 401 when missing or wrong. */
    #adminOnly(action, authorization, refuse) {
        const reply = this.#o.admin.refusal(authorization, action);
        if (reply === null)
            return null;
        return refuse({ fault: reply.status.startsWith('401') ? 'unauthorized' : null, reply });
    }
}
//# sourceMappingURL=access.js.map