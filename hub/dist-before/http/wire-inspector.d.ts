import type { HttpRequest } from 'uWebSockets.js';
import { type HttpHead } from '@hostpulse/protocol';
import { type Reply } from './reply.js';
/** Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64(SHA-1(key + GUID)). */
export declare function websocketAccept(key: string): string;
/**
 * A credential header's value with its secret part masked by one `*` per byte, so
 * the size stays true: the scheme of Authorization and the names of cookies remain.
 */
export declare function maskCredential(name: string, value: string): string;
/**
 * A request's head as the hub received it: uWS hands over header names lower-cased
 * and does not say which HTTP version was asked for, so the line says HTTP/1.1, the
 * only one it serves. Credentials are masked. Call in the handler's synchronous top.
 */
export declare function requestHead(req: HttpRequest): HttpHead;
/**
 * The `101 Switching Protocols` uWS writes for an upgrade the hub accepts: the
 * accept hash of the client's key, the first subprotocol offered (uWS echoes it),
 * no extension (this uWS has no compression), then its Date and name.
 */
export declare function upgradeResponseHead(key: string, protocols: string, nowMs: number): HttpHead;
/** The head writeReply puts on the wire for `reply`: its headers, uWS's, and Content-Length when it has a body. */
export declare function replyHead(reply: Reply, nowMs: number): HttpHead;
//# sourceMappingURL=wire-inspector.d.ts.map