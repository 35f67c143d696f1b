/**
 * Bytes uWebSockets.js adds to every HTTP response on its own, measured once with
 * a raw socket against v20.30: `Date: <29-char IMF date>\r\n` (37) and
 * `uWebSockets: 20\r\n` (17). `Content-Length` is counted separately, since it is
 * only added when a body is sent.
 */
export const UWS_ADDED_HEADER_BYTES = 37 + 17;
const CRLF = 2;
/**
 * Bytes on the wire for an HTTP response head: `HTTP/1.1 <status>`, the headers
 * the hub writes, uWS's own, `Content-Length` when there is a body, and the blank line.
 */
export function responseHeadBytes(status, headers, bodyBytes) {
    let bytes = 'HTTP/1.1 '.length + status.length + CRLF;
    for (const [key, value] of headers)
        bytes += key.length + 2 + Buffer.byteLength(value) + CRLF;
    bytes += UWS_ADDED_HEADER_BYTES;
    if (bodyBytes !== null)
        bytes += 'Content-Length: '.length + String(bodyBytes).length + CRLF;
    return bytes + CRLF;
}
/** Bytes on the wire for an HTTP request head, rebuilt from what uWS parsed. */
export function requestHeadBytes(method, url, query, headers) {
    let bytes = method.length + 1 + Buffer.byteLength(url) + (query ? 1 + Buffer.byteLength(query) : 0) + ' HTTP/1.1'.length + CRLF;
    for (const [key, value] of headers)
        bytes += key.length + 2 + Buffer.byteLength(value) + CRLF;
    return bytes + CRLF;
}
/** Size of a WebSocket frame header (RFC 6455 5.2), defined once in the protocol for the hub and the dashboard. */
export { wsFrameHeaderBytes } from '@hostpulse/protocol';
//# sourceMappingURL=wire-size.js.map