import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import type { ErrorResponse } from '@hostpulse/protocol';
import { securityHeaders } from './security-headers.js';
import { requestHeadBytes, responseHeadBytes } from './wire-size.js';

/** One HTTP answer, before it is written. */
export interface Reply {
  status: string;
  headers: [string, string][];
  /** null for a response with no body (304). */
  body: string | Buffer | null;
}

/** Headers of every JSON answer. */
export const JSON_HEADERS: [string, string][] = [
  ['Content-Type', 'application/json'],
  ['Cache-Control', 'no-cache'],
];

/** A JSON answer. */
export function jsonReply(status: string, value: unknown, extra: [string, string][] = []): Reply {
  return { status, headers: [...JSON_HEADERS, ...extra], body: JSON.stringify(value) };
}

/** A JSON ErrorResponse with the status code taken from `status` ("404 Not Found"). */
export function errorReply(status: string, message: string, extra: [string, string][] = []): Reply {
  const body: ErrorResponse = { error: { status: Number.parseInt(status, 10), message } };
  return jsonReply(status, body, extra);
}

/** A 400 whose body names the field at fault. */
export function badField(field: string, message: string): Reply {
  const error: ErrorResponse = { error: { status: 400, message, field } };
  return jsonReply('400 Bad Request', error);
}

/** The headers writeReply writes for a reply, in order: the security headers, then the reply's own. */
export function writtenHeaders(reply: Reply): [string, string][] {
  const contentType = reply.headers.find(([key]) => key.toLowerCase() === 'content-type')?.[1];
  return [...securityHeaders(contentType), ...reply.headers];
}

/**
 * Writes a reply with the security headers every answer carries, and returns its
 * size on the wire. Call it in the handler's synchronous top, or inside res.cork()
 * after any await.
 */
export function writeReply(res: HttpResponse, reply: Reply): { payloadBytes: number; wireBytes: number } {
  const headers = writtenHeaders(reply);
  res.writeStatus(reply.status);
  for (const [key, value] of headers) res.writeHeader(key, value);
  if (reply.body === null) {
    res.endWithoutBody();
    return { payloadBytes: 0, wireBytes: responseHeadBytes(reply.status, headers, null) };
  }
  res.end(reply.body);
  const payloadBytes = Buffer.byteLength(reply.body);
  return { payloadBytes, wireBytes: responseHeadBytes(reply.status, headers, payloadBytes) + payloadBytes };
}

/** Size of the request's head on the wire, rebuilt from what uWS parsed (its headers come lowercased). */
export function requestWireBytes(req: HttpRequest): number {
  const headers: [string, string][] = [];
  req.forEach((key, value) => headers.push([key, value]));
  return requestHeadBytes(req.getCaseSensitiveMethod(), req.getUrl(), req.getQuery() ?? '', headers);
}

/** The text of an address uWS hands out as an ArrayBuffer. */
export function addressText(buffer: ArrayBuffer): string {
  return Buffer.from(buffer).toString('utf8');
}
