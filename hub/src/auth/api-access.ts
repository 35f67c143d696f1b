import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { CLIENT_ID_HEADER } from '@hostpulse/protocol';
import { misdirectedReply, type HostNamePolicy } from './host-names.js';
import { errorReply, writeReply, type Reply } from '../http/reply.js';
import type { AccessRefusal } from './live-access.js';
import type { ViewerAuth } from './viewer-auth.js';

/** Request headers a cross-origin poller may send (the preflight allows these). */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'If-None-Match', CLIENT_ID_HEADER].join(', ');

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE_SEC = 600;

/** Outcome of checking an API request: a refusal to send instead, and headers every answer to it carries. */
export interface AccessCheck {
  refusal: AccessRefusal | null;
  headers: [string, string][];
}

/**
 * Who may read the API and /metrics: requests naming a host the hub answers to
 * (see HostNamePolicy), with the viewer token when one is set, and, for
 * browsers on other origins, only the origins given by --cors-origin. With none
 * given the hub sends no CORS headers at all, so browsers keep other sites out.
 */
export class ApiAccess {
  readonly viewer: ViewerAuth;
  readonly #corsOrigins: ReadonlySet<string>;
  readonly #hostNames: HostNamePolicy;

  constructor(viewer: ViewerAuth, corsOrigins: readonly string[], hostNames: HostNamePolicy) {
    this.viewer = viewer;
    this.#corsOrigins = new Set(corsOrigins);
    this.#hostNames = hostNames;
  }

  /** CORS headers for a request from `origin`: none unless that origin is configured. */
  corsHeaders(origin: string): [string, string][] {
    if (!this.#corsOrigins.has(origin)) return [];
    return [
      ['Access-Control-Allow-Origin', origin],
      ['Access-Control-Expose-Headers', 'ETag'],
      ['Vary', 'Origin'],
    ];
  }

  /** The 421 refusal for a request naming a host the hub does not answer to (see HostNamePolicy), or null. */
  hostRefusal(req: HttpRequest): AccessRefusal | null {
    const host = req.getHeader('host');
    return this.#hostNames.isAllowed(host) ? null : { fault: 'forbiddenHost', reply: misdirectedReply(host) };
  }

  /** Checks a request in the handler's synchronous top (req is gone after it). */
  check(req: HttpRequest): AccessCheck {
    const headers = this.corsHeaders(req.getHeader('origin'));
    const misdirected = this.hostRefusal(req);
    if (misdirected) return { refusal: misdirected, headers };
    if (this.viewer.isAllowed(req.getHeader('authorization'), req.getHeader('cookie'))) return { refusal: null, headers };
    const reply = errorReply('401 Unauthorized', 'viewer token missing or wrong: send "Authorization: Bearer TOKEN" or open the dashboard with ?token=TOKEN', [
      ['WWW-Authenticate', 'Bearer'],
      ...headers,
    ]);
    return { refusal: { fault: 'unauthorized', reply }, headers };
  }

  /** The answer to a CORS preflight (OPTIONS): allowed for configured origins asking to GET. */
  preflight(origin: string, requestMethod: string): Reply {
    const headers = this.corsHeaders(origin);
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
}

/** Answers CORS preflights for the API and /metrics. */
export function registerCorsPreflight(app: TemplatedApp, access: ApiAccess): void {
  const handler = (res: HttpResponse, req: HttpRequest): void => {
    writeReply(res, access.preflight(req.getHeader('origin'), req.getHeader('access-control-request-method')));
  };
  app.options('/api/*', handler);
  app.options('/metrics', handler);
}
