import type { HttpRequest, HttpResponse, TemplatedApp, us_socket_context_t, WebSocketBehavior } from 'uWebSockets.js';
import { CLIENT_ID_HEADER } from '@hostpulse/protocol';
import type { FaultKind } from '@hostpulse/protocol';
import { clientAddress } from '../http/client-address.js';
import { addressText, errorReply, writeReply, type Reply } from '../http/reply.js';
import type { SocketLimits, SocketRefusal } from '../http/socket-limits.js';
import type { FaultCounter } from '../telemetry/faults.js';
import type { AdminAuth } from './admin-auth.js';
import type { AgentAuth } from './agent-auth.js';
import { misdirectedReply, type HostNamePolicy } from './host-names.js';
import type { OriginPolicy } from './origin-policy.js';
import type { RouteSpec } from './routes.js';
import type { ViewerAuth } from './viewer-auth.js';

/** Request headers a cross-origin poller may send (the preflight allows these). */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'If-None-Match', CLIENT_ID_HEADER].join(', ');

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SEC = 600;

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
export type GuardedBehavior<T extends { remote: string }> = Omit<WebSocketBehavior<T>, 'upgrade'> & {
  upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t, verdict: Verdict, remote: string): void;
};

/** The answer to an upgrade refused by the socket limits. */
export const SOCKET_REFUSALS: Record<SocketRefusal, (remote: string) => Reply> = {
  tooManySockets: (remote) => errorReply('429 Too Many Requests', `too many sockets open from ${remote}; see --max-sockets-per-address`, [['Retry-After', '10']]),
  outOfDescriptors: () => errorReply('503 Service Unavailable', 'the hub is out of file descriptors for new sockets; try again later', [['Retry-After', '10']]),
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
export class Access {
  readonly #o: AccessOptions;
  readonly #corsOrigins: ReadonlySet<string>;

  constructor(options: AccessOptions) {
    this.#o = options;
    this.#corsOrigins = new Set(options.corsOrigins);
  }

  /** Whether changing the lab needs the admin token: once the hub has a viewer or an admin token. */
  get labNeedsAdmin(): boolean {
    return this.#o.viewer.isRequired || this.#o.admin.isConfigured;
  }

  /** CORS headers for a request from `origin`: none unless that origin is configured. */
  #corsHeaders(origin: string): [string, string][] {
    if (!this.#corsOrigins.has(origin)) return [];
    return [
      ['Access-Control-Allow-Origin', origin],
      ['Access-Control-Expose-Headers', 'ETag'],
      ['Vary', 'Origin'],
    ];
  }

  /** Checks a request against `spec`'s policy and counts a refusal. Call in the handler's synchronous top (req is gone after it). */
  check(spec: RouteSpec, req: HttpRequest, res: HttpResponse): Verdict {
    const headers = spec.policy === 'public' || spec.method === 'ws' ? [] : this.#corsHeaders(req.getHeader('origin'));
    const verdict = this.#decide(spec, req, headers);
    const fault = verdict.refusal?.fault;
    if (fault) this.#o.faults.record(fault, { path: req.getUrl(), remote: addressText(res.getRemoteAddressAsText()), origin: req.getHeader('origin') || undefined });
    return verdict;
  }

  /** The address a request comes from, told apart behind --trusted-proxy (see clientAddress). */
  clientOf(res: HttpResponse, req: HttpRequest): string {
    return clientAddress(addressText(res.getRemoteAddressAsText()), req.getHeader('x-forwarded-for'), this.#o.trustedProxies);
  }

  /** Registers an HTTP route behind its policy: a refused request gets its refusal, the rest reach `handler`. */
  route(app: TemplatedApp, spec: RouteSpec & { method: Exclude<RouteSpec['method'], 'ws'> }, handler: GuardedHandler): void {
    app[spec.method](spec.path, (res, req) => {
      const verdict = this.check(spec, req, res);
      if (verdict.refusal) return void writeReply(res, verdict.refusal.reply);
      handler(res, req, verdict.headers);
    });
  }

  /**
   * Registers a WebSocket behind the socket limits and its policy: a refused upgrade
   * gets its HTTP refusal before any socket exists, and is counted.
   */
  socket<T extends { remote: string }>(app: TemplatedApp, spec: RouteSpec & { method: 'ws' }, behavior: GuardedBehavior<T>): void {
    const { sockets, faults } = this.#o;
    app.ws<T>(spec.path, {
      ...behavior,
      upgrade: (res, req, context) => {
        const remote = this.clientOf(res, req);
        const limited = sockets.refusal(remote);
        if (limited) {
          faults.record(limited, { path: spec.path, remote });
          return void writeReply(res, SOCKET_REFUSALS[limited](remote));
        }
        const verdict = this.check(spec, req, res);
        if (verdict.refusal) return void writeReply(res, verdict.refusal.reply);
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
  preflight(origin: string, requestMethod: string): Reply {
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

  #decide(spec: RouteSpec, req: HttpRequest, headers: [string, string][]): Verdict {
    const refuse = (refusal: AccessRefusal): Verdict => ({ refusal, headers, tokenHostId: null });
    const allow: Verdict = { refusal: null, headers, tokenHostId: null };
    const { viewer, admin, agents, hostNames, origins } = this.#o;
    const authorization = req.getHeader('authorization');
    const origin = req.getHeader('origin');
    switch (spec.policy) {
      case 'public':
        return allow;
      case 'agent': {
        // Agents are never browsers: a page's script, whatever site it came from, carries an Origin and may not feed the hub.
        if (origin !== '') return refuse({ fault: 'forbiddenOrigin', reply: errorReply('403 Forbidden', `browsers may not open ${spec.path}: an upgrade with an Origin header is refused`) });
        const result = agents.check(authorization);
        if (!result.ok) return refuse({ fault: 'unauthorized', reply: errorReply('401 Unauthorized', 'agent token missing or wrong', [['WWW-Authenticate', 'Bearer']]) });
        return { ...allow, tokenHostId: result.hostId };
      }
      default:
        break;
    }
    // A page that rebinds its own DNS name to the hub's address sends its own name as Host.
    const host = req.getHeader('host');
    if (!hostNames.isAllowed(host)) return refuse({ fault: 'forbiddenHost', reply: misdirectedReply(host) });
    switch (spec.policy) {
      case 'viewer':
        // A browser sends its cookie with any socket it opens, so a socket also needs a page of an allowed origin.
        if (spec.method === 'ws' && !origins.isAllowed(origin, host)) {
          return refuse({ fault: 'forbiddenOrigin', reply: errorReply('403 Forbidden', `origin not allowed to open ${spec.path}; see --allowed-origins`) });
        }
        if (viewer.isAllowed(authorization, req.getHeader('cookie'))) return allow;
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
        if (!this.labNeedsAdmin) return allow;
        if (!admin.isConfigured) return refuse({ fault: null, reply: errorReply('403 Forbidden', 'this hub has a viewer token, so the lab needs the admin token, and none is set: start the hub with --admin-token') });
        return this.#adminOnly('changing the lab', authorization, refuse) ?? allow;
      default: {
        const unreachable: never = spec.policy;
        return unreachable;
      }
    }
  }

  /** The refusal of a request without the admin token, or null with it: 403 on a hub that has none (not a fault), 401 when missing or wrong. */
  #adminOnly(action: string, authorization: string, refuse: (refusal: AccessRefusal) => Verdict): Verdict | null {
    const reply = this.#o.admin.refusal(authorization, action);
    if (reply === null) return null;
    return refuse({ fault: reply.status.startsWith('401') ? 'unauthorized' : null, reply });
  }
}
