import { describe, expect, it } from 'vitest';
import { jsonReply } from './reply.js';
import { maskCredential, replyHead, upgradeResponseHead, websocketAccept } from './wire-inspector.js';
import { responseHeadBytes } from './wire-size.js';

const NOW_MS = Date.UTC(2026, 10, 25, 20, 0, 0);

describe('wire inspector heads', () => {
  it('hashes a key into Sec-WebSocket-Accept as RFC 6455 1.3 shows', () => {
    expect(websocketAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('writes the 101 uWS sends, echoing the first subprotocol offered', () => {
    const plain = upgradeResponseHead('dGhlIHNhbXBsZSBub25jZQ==', '', NOW_MS);
    expect(plain.line).toBe('HTTP/1.1 101 Switching Protocols');
    expect(plain.headers).toEqual([
      ['Upgrade', 'websocket'],
      ['Connection', 'Upgrade'],
      ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='],
      ['Date', 'Wed, 25 Nov 2026 20:00:00 GMT'],
      ['uWebSockets', '20'],
    ]);
    // Measured with a raw socket against uWS v20.30: 183 bytes up to and including the blank line.
    expect(plain.bytes).toBe(183);
    const withProtocol = upgradeResponseHead('dGhlIHNhbXBsZSBub25jZQ==', 'foo, bar', NOW_MS);
    expect(withProtocol.headers[3]).toEqual(['Sec-WebSocket-Protocol', 'foo']);
    expect(withProtocol.bytes).toBe(183 + 'Sec-WebSocket-Protocol: foo\r\n'.length);
  });

  it('sizes an answer head as the load accounting does, with and without a body', () => {
    const ok = jsonReply('200 OK', { a: 1 }, [['ETag', '"7"']]);
    const okHead = replyHead(ok, NOW_MS);
    expect(okHead.line).toBe('HTTP/1.1 200 OK');
    expect(okHead.headers.slice(-3)).toEqual([['Date', 'Wed, 25 Nov 2026 20:00:00 GMT'], ['uWebSockets', '20'], ['Content-Length', '7']]);
    expect(okHead.bytes).toBe(responseHeadBytes('200 OK', okHead.headers.slice(0, -3), 7));
    const notModified = replyHead({ status: '304 Not Modified', headers: [['ETag', '"7"']], body: null }, NOW_MS);
    expect(notModified.headers.some(([key]) => key === 'Content-Length')).toBe(false);
    expect(notModified.bytes).toBe(responseHeadBytes('304 Not Modified', notModified.headers.slice(0, -2), null));
  });

  it('masks credentials byte for byte, keeping the scheme and cookie names', () => {
    expect(maskCredential('authorization', 'Bearer s3cret')).toBe('Bearer ******');
    expect(maskCredential('cookie', 'hostpulse_viewer=abc; theme=dark')).toBe('hostpulse_viewer=***; theme=****');
    expect(maskCredential('user-agent', 'curl/8')).toBe('curl/8');
  });
});
