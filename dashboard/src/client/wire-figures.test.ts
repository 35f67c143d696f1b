import { describe, expect, it } from 'vitest';
import type { PollExchange } from '@hostpulse/protocol';
import { expectedAccept, summarizeWire, utf8Bytes, type FrameRecord } from './wire-figures.js';

const exchange = (status: string, requestBytes: number, responseBytes: number): PollExchange => ({
  tsMs: 0,
  request: { line: 'GET /api/overview HTTP/1.1', headers: [], bytes: requestBytes },
  response: { line: `HTTP/1.1 ${status}`, headers: [], bytes: responseBytes },
  bodyBytes: 0,
});
const frame = (direction: 'in' | 'out', headerBytes: number): FrameRecord => ({ atMs: 0, direction, kind: 'text: sample', payloadBytes: 100, headerBytes });

describe('wire figures', () => {
  it('counts UTF-8 bytes as the wire carries them', () => {
    expect(utf8Bytes('{"a":1}')).toBe(7);
    expect(utf8Bytes('µs')).toBe(3);
    expect(utf8Bytes('€')).toBe(3);
    expect(utf8Bytes('😀')).toBe(4);
    expect(utf8Bytes('😀x')).toBe(new TextEncoder().encode('😀x').length);
  });


  it('computes Sec-WebSocket-Accept as RFC 6455 1.3 shows', async () => {
    expect(await expectedAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('sets header bytes per poll against frame-header bytes per pushed frame, and counts 304s', () => {
    const summary = summarizeWire([exchange('200 OK', 300, 400), exchange('304 Not Modified', 300, 250), exchange('304 Not Modified', 300, 250)], [frame('in', 2), frame('in', 4), frame('out', 6)]);
    expect(summary).toEqual({ pollHeaderBytes: 600, polls: 3, notModified: 2, pushHeaderBytes: 3, pushedFrames: 2 });
    expect(summarizeWire([], [])).toEqual({ pollHeaderBytes: null, polls: 0, notModified: 0, pushHeaderBytes: null, pushedFrames: 0 });
  });
});
