/**
 * Bytes uWebSockets.js adds to every HTTP response on its own, measured once with
 * a raw socket against v20.30: `Date: <29-char IMF date>\r\n` (37) and
 * `uWebSockets: 20\r\n` (17). `Content-Length` is counted separately, since it is
 * only added when a body is sent.
 */
export declare const UWS_ADDED_HEADER_BYTES: number;
/**
 * Bytes on the wire for an HTTP response head: `HTTP/1.1 <status>`, the headers
 * the hub writes, uWS's own, `Content-Length` when there is a body, and the blank line.
 */
export declare function responseHeadBytes(status: string, headers: ReadonlyArray<readonly [string, string]>, bodyBytes: number | null): number;
/** Bytes on the wire for an HTTP request head, rebuilt from what uWS parsed. */
export declare function requestHeadBytes(method: string, url: string, query: string, headers: ReadonlyArray<readonly [string, string]>): number;
/** Size of a WebSocket frame header (RFC 6455 5.2), defined once in the protocol for the hub and the dashboard. */
export { wsFrameHeaderBytes } from '@hostpulse/protocol';
//# sourceMappingURL=wire-size.d.ts.map