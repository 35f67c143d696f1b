import { describe, expect, it } from 'vitest';
import { SocketLimits, type Descriptors } from './socket-limits.js';

function limitsWith(reading: Descriptors | null, maxPerAddress = 1000) {
  const clock = { nowMs: 0, reads: 0, reading };
  const limits = new SocketLimits({
    maxPerAddress,
    descriptors: () => (clock.reads++, clock.reading),
    nowMs: () => clock.nowMs,
  });
  return { limits, clock };
}

describe('SocketLimits', () => {
  it('caps open sockets per address, and frees a place on close', () => {
    const { limits } = limitsWith(null, 2);
    limits.opened('a');
    limits.opened('a');
    expect(limits.refusal('a')).toBe('tooManySockets');
    expect(limits.refusal('b')).toBeNull();
    limits.closed('a');
    expect(limits.refusal('a')).toBeNull();
  });

  it('keeps a sixteenth of the descriptor limit, at least 64, spare', () => {
    expect(limitsWith({ open: 1024 - 64 - 1, limit: 1024 }).limits.refusal('a')).toBeNull();
    expect(limitsWith({ open: 1024 - 64, limit: 1024 }).limits.refusal('a')).toBe('outOfDescriptors');
    expect(limitsWith({ open: 65_536 - 4096 - 1, limit: 65_536 }).limits.refusal('a')).toBeNull();
    expect(limitsWith({ open: 65_536 - 4096, limit: 65_536 }).limits.refusal('a')).toBe('outOfDescriptors');
  });

  it('counts descriptors at most once a second, and the sockets admitted since as open', () => {
    const { limits, clock } = limitsWith({ open: 1024 - 64 - 2, limit: 1024 });
    for (let i = 0; i < 3; i++) {
      expect(limits.refusal(`client-${i}`)).toBe(i < 2 ? null : 'outOfDescriptors');
      if (i < 2) limits.opened(`client-${i}`);
    }
    expect(clock.reads).toBe(1);
    clock.reading = { open: 100, limit: 1024 };
    clock.nowMs = 1000;
    expect(limits.refusal('client-3')).toBeNull();
    expect(clock.reads).toBe(2);
  });

  it('sets no descriptor bound where the limit is unknown or unlimited', () => {
    expect(limitsWith(null).limits.refusal('a')).toBeNull();
    expect(limitsWith({ open: 1e6, limit: Number.POSITIVE_INFINITY }).limits.refusal('a')).toBeNull();
  });
});
