import type { HttpRequest } from 'uWebSockets.js';
import type { FaultKind } from '@hostpulse/protocol';
import { misdirectedReply, type HostNamePolicy } from './host-names.js';
import { errorReply, type Reply } from '../http/reply.js';
import type { OriginPolicy } from './origin-policy.js';
import type { ViewerAuth } from './viewer-auth.js';

/** Why a request for data was refused, with the fault it counts as and the HTTP answer. */
export interface AccessRefusal {
  fault: Extract<FaultKind, 'forbiddenHost' | 'forbiddenOrigin' | 'unauthorized'>;
  reply: Reply;
}

/**
 * Who may open WebSocket /live: a request naming a host the hub answers to (see
 * HostNamePolicy), from a page of an allowed origin (so another site
 * cannot ride a viewer's cookie into the socket) carrying the viewer token when
 * one is set, as the cookie (browsers cannot set headers on a WebSocket) or a
 * bearer header. Checked in the upgrade handler, before any socket exists.
 */
export class LiveAccess {
  readonly #hostNames: HostNamePolicy;
  readonly #origins: OriginPolicy;
  readonly #viewer: ViewerAuth;

  constructor(hostNames: HostNamePolicy, origins: OriginPolicy, viewer: ViewerAuth) {
    this.#hostNames = hostNames;
    this.#origins = origins;
    this.#viewer = viewer;
  }

  /** The refusal for this upgrade request, or null when it may proceed. Call in the handler's synchronous top. */
  check(req: HttpRequest): AccessRefusal | null {
    const host = req.getHeader('host');
    if (!this.#hostNames.isAllowed(host)) return { fault: 'forbiddenHost', reply: misdirectedReply(host) };
    if (!this.#origins.isAllowed(req.getHeader('origin'), req.getHeader('host'))) {
      return { fault: 'forbiddenOrigin', reply: errorReply('403 Forbidden', 'origin not allowed to open /live; see --allowed-origins') };
    }
    if (!this.#viewer.isAllowed(req.getHeader('authorization'), req.getHeader('cookie'))) {
      return { fault: 'unauthorized', reply: errorReply('401 Unauthorized', 'viewer token missing or wrong', [['WWW-Authenticate', 'Bearer']]) };
    }
    return null;
  }
}
