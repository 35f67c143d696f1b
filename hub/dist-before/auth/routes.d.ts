/**
 * Who may use a route or socket:
 * - `public`: anyone (files that hold no data, health, CORS preflights);
 * - `viewer`: a Host the hub answers to and the viewer token when one is set; a
 *   WebSocket also needs an allowed Origin, since a browser sends its cookie along;
 * - `admin`: a Host the hub answers to and the admin token;
 * - `lab`: a Host the hub answers to, an allowed Origin, and the admin token once
 *   the hub has a viewer or an admin token;
 * - `agent`: no Origin (no web page) and an agent token.
 */
export type Policy = 'public' | 'viewer' | 'admin' | 'lab' | 'agent';
/** The uWS method a route is registered with; `ws` for a WebSocket. */
export type RouteMethod = 'get' | 'post' | 'del' | 'any' | 'options' | 'ws';
/** One route or socket of the hub and its policy. */
export interface RouteSpec {
    method: RouteMethod;
    /** The uWS pattern (`:id` parameters, a trailing `*`). */
    path: string;
    policy: Policy;
    /** What an admin route does, for its refusal ("deleting a host needs an admin token"). */
    action?: string;
}
/**
 * Every route and socket the hub serves, with its policy: the one place that says
 * who may do what. Routes register through auth/access.ts with one of these.
 */
export declare const ROUTES: {
    readonly agentSocket: {
        readonly method: "ws";
        readonly path: "/agent";
        readonly policy: "agent";
    };
    readonly liveSocket: {
        readonly method: "ws";
        readonly path: "/live";
        readonly policy: "viewer";
    };
    readonly overview: {
        readonly method: "get";
        readonly path: "/api/overview";
        readonly policy: "viewer";
    };
    readonly hosts: {
        readonly method: "get";
        readonly path: "/api/hosts";
        readonly policy: "viewer";
    };
    readonly host: {
        readonly method: "get";
        readonly path: "/api/hosts/:id";
        readonly policy: "viewer";
    };
    readonly samples: {
        readonly method: "get";
        readonly path: "/api/hosts/:id/samples";
        readonly policy: "viewer";
    };
    readonly processes: {
        readonly method: "get";
        readonly path: "/api/hosts/:id/processes";
        readonly policy: "viewer";
    };
    readonly series: {
        readonly method: "get";
        readonly path: "/api/hosts/:id/series";
        readonly policy: "viewer";
    };
    readonly deleteHost: {
        readonly method: "del";
        readonly path: "/api/hosts/:id";
        readonly policy: "admin";
        readonly action: "deleting a host";
    };
    readonly alerts: {
        readonly method: "get";
        readonly path: "/api/alerts";
        readonly policy: "viewer";
    };
    readonly stats: {
        readonly method: "get";
        readonly path: "/api/stats";
        readonly policy: "viewer";
    };
    readonly time: {
        readonly method: "get";
        readonly path: "/api/time";
        readonly policy: "viewer";
    };
    readonly inspect: {
        readonly method: "get";
        readonly path: "/api/inspect";
        readonly policy: "viewer";
    };
    readonly labState: {
        readonly method: "get";
        readonly path: "/api/lab";
        readonly policy: "viewer";
    };
    readonly labChange: {
        readonly method: "post";
        readonly path: "/api/lab";
        readonly policy: "lab";
    };
    readonly labStop: {
        readonly method: "del";
        readonly path: "/api/lab";
        readonly policy: "lab";
    };
    readonly agentTokens: {
        readonly method: "get";
        readonly path: "/api/agent-tokens";
        readonly policy: "admin";
        readonly action: "listing agent tokens";
    };
    readonly mintAgentToken: {
        readonly method: "post";
        readonly path: "/api/agent-tokens";
        readonly policy: "admin";
        readonly action: "minting an agent token";
    };
    readonly revokeAgentToken: {
        readonly method: "del";
        readonly path: "/api/agent-tokens/:hostId";
        readonly policy: "admin";
        readonly action: "revoking an agent token";
    };
    readonly rotateHubToken: {
        readonly method: "post";
        readonly path: "/api/hub-tokens/:name/rotate";
        readonly policy: "admin";
        readonly action: "rotating the hub's agent or admin token";
    };
    readonly unknownApi: {
        readonly method: "get";
        readonly path: "/api/*";
        readonly policy: "viewer";
    };
    readonly metrics: {
        readonly method: "get";
        readonly path: "/metrics";
        readonly policy: "viewer";
    };
    readonly apiPreflight: {
        readonly method: "options";
        readonly path: "/api/*";
        readonly policy: "public";
    };
    readonly metricsPreflight: {
        readonly method: "options";
        readonly path: "/metrics";
        readonly policy: "public";
    };
    readonly healthz: {
        readonly method: "get";
        readonly path: "/healthz";
        readonly policy: "public";
    };
    readonly readyz: {
        readonly method: "get";
        readonly path: "/readyz";
        readonly policy: "public";
    };
    readonly installScript: {
        readonly method: "get";
        readonly path: "/install.sh";
        readonly policy: "public";
    };
    readonly agentDownload: {
        readonly method: "get";
        readonly path: "/download/agent/:name";
        readonly policy: "public";
    };
    readonly dashboardFiles: {
        readonly method: "any";
        readonly path: "/*";
        readonly policy: "public";
    };
};
//# sourceMappingURL=routes.d.ts.map