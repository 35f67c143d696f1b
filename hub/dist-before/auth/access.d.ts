import type { HttpRequest, HttpResponse, TemplatedApp, us_socket_context_t, WebSocketBehavior } from 'uWebSockets.js';
import type { FaultKind } from '@hostpulse/protocol';
import { type Reply } from '../http/reply.js';
import type { SocketLimits } from '../http/socket-limits.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { AdminAuth } from './admin-auth.js';
import type { AgentAuth } from './agent-auth.js';
import { type HostNamePolicy } from './host-names.js';
import type { OriginPolicy } from './origin-policy.js';
import type { RouteSpec } from './routes.js';
import type { ViewerAuth } from './viewer-auth.js';
/** Request headers a cross-origin poller may send (the preflight allows these). */
export declare const CORS_ALLOWED_HEADERS: string;
/** How long a browser may cache a preflight answer, in seconds. */
export declare const CORS_MAX_AGE_SEC = 600;
/** Why a request was refused: the fault it counts as (null for a hub set up without the token it needs) and the answer. */
export interface AccessRefusal {
    fault: Extract<FaultKind, 'forbiddenHost' | 'forbiddenOrigin' | 'unauthorized'> | null;
    reply: Reply;
}
/** Outcome of checking a request against its route's policy. */
export interface Verdict {
    refusal: AccessRefusal | null;
    /** CORS headers every answer to it carries (none unless its origin is configured). */
    headers: [string, string][];
    /** For an agent with a per-host token: the one host id it may speak for. */
    tokenHostId: string | null;
}
/** An HTTP handler behind its policy; `headers` go on its answer. */
export type GuardedHandler = (res: HttpResponse, req: HttpRequest, headers: [string, string][]) => void;
/**
 * A WebSocket behaviour whose upgrade runs only once the socket limits and the
 * policy passed; `remote`, the client's address (see clientAddress), must go into
 * the socket's data as its `remote`, which the limits count it by until it closes.
 */
export type GuardedBehavior<T extends {
    remote: string;
}> = Omit<WebSocketBehavior<T>, 'upgrade'> & {
    upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t, verdict: Verdict, remote: string): void;
};
/** What access decisions are made from. */
export interface AccessOptions {
    viewer: ViewerAuth;
    admin: AdminAuth;
    agents: AgentAuth;
    hostNames: HostNamePolicy;
    /** Origins that may open sockets and change the lab: the hub's own and --allowed-origins. */
    origins: OriginPolicy;
    /** --cors-origin: browsers on these origins may read the API. */
    corsOrigins: readonly string[];
    faults: FaultCounter;
    /** Sockets per client address and descriptors left: checked before any other policy of an upgrade. */
    sockets: SocketLimits;
    /** --trusted-proxy: addresses whose X-Forwarded-For names the client. */
    trustedProxies: ReadonlySet<string>;
}
/**
 * Who may do what, for every route and socket (auth/routes.ts gives each its
 * policy). Host names, Origins and tokens are checked here only, in the handler's
 * synchronous top, and every refusal is counted here, the same way: its fault,
 * the path, the remote address and the Origin.
 */
export declare class Access {
    #private;
    constructor(options: AccessOptions);
    /** Whether changing the lab needs the admin token: once the hub has a viewer or an admin token. */
    get labNeedsAdmin(): boolean;
    /** Checks a request against `spec`'s policy and counts a refusal. Call in the handler's synchronous top (req is gone after it). */
    check(spec: RouteSpec, req: HttpRequest, res: HttpResponse): Verdict;
    /** Registers an HTTP route behind its policy: a refused request gets its refusal, the rest reach `handler`. */
    route(app: TemplatedApp, spec: RouteSpec & {
        method: Exclude<RouteSpec['method'], 'ws'>;
    }, handler: GuardedHandler): void;
    /**
     * Registers a WebSocket behind the socket limits and its policy: a refused upgrade
     * gets its HTTP refusal before any socket exists, and is counted.
     */
    socket<T extends {
        remote: string;
    }>(app: TemplatedApp, spec: RouteSpec & {
        method: 'ws';
    }, behavior: GuardedBehavior<T>): void;
    /** The answer to a CORS preflight (OPTIONS): allowed for configured origins asking to GET. */
    preflight(origin: string, requestMethod: string): Reply;
}
//# sourceMappingURL=access.d.ts.map