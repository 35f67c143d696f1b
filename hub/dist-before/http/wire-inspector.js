import { createHash } from 'node:crypto';
import { WEBSOCKET_ACCEPT_GUID } from '@hostpulse/protocol';
import { writtenHeaders } from './reply.js';
const CRLF = 2;
/** Sec-WebSocket-Accept for a client's Sec-WebSocket-Key: base64(SHA-1(key + GUID)). */
export function websocketAccept(key) {
    return createHash('sha1').update(key + WEBSOCKET_ACCEPT_GUID).digest('base64');
}
/**
 * A credential header's value with its secret part masked by one `*` per byte, so
 * the size stays true: the scheme of Authorization and the names of cookies remain.
 */
export function maskCredential(name, value) {
    const stars = (text) => '*'.repeat(Buffer.byteLength(text));
    if (name === 'authorization')
        return value.replace(/^(\S+ )?(.*)$/, (_, scheme, secret) => (scheme ?? '') + stars(secret));
    if (name === 'cookie')
        return value.replace(/=([^;]*)/g, (_, secret) => `=${stars(secret)}`);
    return value;
}
/** An HTTP head from its first line and headers, with its size on the wire. */
function head(line, headers, masked = headers) {
    let bytes = Buffer.byteLength(line) + CRLF + CRLF;
    for (const [key, value] of headers)
        bytes += key.length + 2 + Buffer.byteLength(value) + CRLF;
    return { line, headers: masked, bytes };
}
/**
 * A request's head as the hub received it: uWS hands over header names lower-cased
 * and does not say which HTTP version was asked for, so the line says HTTP/1.1, the
 * only one it serves. Credentials are masked. Call in the handler's synchronous top.
 */
export function requestHead(req) {
    const headers = [];
    req.forEach((key, value) => headers.push([key, value]));
    const query = req.getQuery();
    const line = `${req.getCaseSensitiveMethod()} ${req.getUrl()}${query ? `?${query}` : ''} HTTP/1.1`;
    return head(line, headers, headers.map(([key, value]) => [key, maskCredential(key, value)]));
}
/** The headers uWS adds to every answer after the hub's own: its cached Date and its name. */
function uwsHeaders(nowMs) {
    return [
        ['Date', new Date(nowMs).toUTCString()],
        ['uWebSockets', '20'],
    ];
}
/**
 * The `101 Switching Protocols` uWS writes for an upgrade the hub accepts: the
 * accept hash of the client's key, the first subprotocol offered (uWS echoes it),
 * no extension (this uWS has no compression), then its Date and name.
 */
export function upgradeResponseHead(key, protocols, nowMs) {
    const protocol = protocols.split(',')[0].trim();
    const headers = [
        ['Upgrade', 'websocket'],
        ['Connection', 'Upgrade'],
        ['Sec-WebSocket-Accept', websocketAccept(key)],
        ...(protocol ? [['Sec-WebSocket-Protocol', protocol]] : []),
        ...uwsHeaders(nowMs),
    ];
    return head('HTTP/1.1 101 Switching Protocols', headers);
}
/** The head writeReply puts on the wire for `reply`: its headers, uWS's, and Content-Length when it has a body. */
export function replyHead(reply, nowMs) {
    const headers = [...writtenHeaders(reply), ...uwsHeaders(nowMs)];
    if (reply.body !== null)
        headers.push(['Content-Length', String(Buffer.byteLength(reply.body))]);
    return head(`HTTP/1.1 ${reply.status}`, headers);
}
//# sourceMappingURL=wire-inspector.js.map