import { describe, expect, it } from 'vitest';
import { closeReason, isTooBigClose } from './ws-close.js';

describe('ws close helpers', () => {
  it('recognises the close uWS makes for a frame over the size limit', () => {
    const reason = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
    expect(isTooBigClose(1006, reason('Received too big message'))).toBe(true);
    expect(isTooBigClose(1006, reason(''))).toBe(false);
    expect(isTooBigClose(1000, reason('Received too big message'))).toBe(false);
  });

  it('cuts a close reason to 123 bytes without splitting a character', () => {
    expect(closeReason('short')).toBe('short');
    const cut = closeReason('é'.repeat(100));
    expect(Buffer.byteLength(cut)).toBe(122);
    expect(cut).toBe('é'.repeat(61));
  });
});
