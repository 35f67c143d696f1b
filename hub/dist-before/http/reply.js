import { securityHeaders } from './security-headers.js';
import { requestHeadBytes, responseHeadBytes } from './wire-size.js';
/** Headers of every JSON answer. */
export const JSON_HEADERS = [
    ['Content-Type', 'application/json'],
    ['Cache-Control', 'no-cache'],
];
/** A JSON answer. */
export function jsonReply(status, value, extra = []) {
    return { status, headers: [...JSON_HEADERS, ...extra], body: JSON.stringify(value) };
}
/** A JSON ErrorResponse with the status code taken from `status` ("404 Not Found"). */
export function errorReply(status, message, extra = []) {
    const body = { error: { status: Number.parseInt(status, 10), message } };
    return jsonReply(status, body, extra);
}
/** The headers writeReply writes for a reply, in order: the security headers, then the reply's own. */
export function writtenHeaders(reply) {
    const contentType = reply.headers.find(([key]) => key.toLowerCase() === 'content-type')?.[1];
    return [...securityHeaders(contentType), ...reply.headers];
}
/**
 * Writes a reply with the security headers every answer carries, and returns its
 * size on the wire. Call it in the handler's synchronous top, or inside res.cork()
 * after any await.
 */
export function writeReply(res, reply) {
    const headers = writtenHeaders(reply);
    res.writeStatus(reply.status);
    for (const [key, value] of headers)
        res.writeHeader(key, value);
    if (reply.body === null) {
        res.endWithoutBody();
        return { payloadBytes: 0, wireBytes: responseHeadBytes(reply.status, headers, null) };
    }
    res.end(reply.body);
    const payloadBytes = Buffer.byteLength(reply.body);
    return { payloadBytes, wireBytes: responseHeadBytes(reply.status, headers, payloadBytes) + payloadBytes };
}
/** Size of the request's head on the wire, rebuilt from what uWS parsed (its headers come lowercased). */
export function requestWireBytes(req) {
    const headers = [];
    req.forEach((key, value) => headers.push([key, value]));
    return requestHeadBytes(req.getCaseSensitiveMethod(), req.getUrl(), req.getQuery() ?? '', headers);
}
/** The text of an address uWS hands out as an ArrayBuffer. */
export function addressText(buffer) {
    return Buffer.from(buffer).toString('utf8');
}
//# sourceMappingURL=reply.js.map