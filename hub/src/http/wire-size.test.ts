import { describe, expect, it } from 'vitest';
import { requestHeadBytes, responseHeadBytes, UWS_ADDED_HEADER_BYTES, wsFrameHeaderBytes } from './wire-size.js';

describe('wire sizes', () => {
  it('counts a response head as uWS writes it', () => {
    // Measured: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: ...\r\nuWebSockets: 20\r\nContent-Length: 7\r\n\r\n" + 7-byte body = 131.
    expect(responseHeadBytes('200 OK', [['Content-Type', 'application/json']], 7) + 7).toBe(131);
    // Measured: "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\nDate: ...\r\nuWebSockets: 20\r\n\r\n" = 94.
    expect(responseHeadBytes('304 Not Modified', [['ETag', '"1"']], null)).toBe(94);
    expect(UWS_ADDED_HEADER_BYTES).toBe(54);
  });

  it('counts a request head from its parts', () => {
    expect(requestHeadBytes('GET', '/api/time', '', [['host', 'x']])).toBe('GET /api/time HTTP/1.1\r\nhost: x\r\n\r\n'.length);
    expect(requestHeadBytes('GET', '/a', 'b=1', [])).toBe('GET /a?b=1 HTTP/1.1\r\n\r\n'.length);
  });

  it('sizes WebSocket frame headers by payload length and masking', () => {
    expect([wsFrameHeaderBytes(125, false), wsFrameHeaderBytes(126, false), wsFrameHeaderBytes(65_535, false), wsFrameHeaderBytes(65_536, false)]).toEqual([2, 4, 4, 10]);
    expect(wsFrameHeaderBytes(10, true)).toBe(6);
  });
});
