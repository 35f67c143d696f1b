import { describe, expect, it } from 'vitest';
import { isValid } from '@hostpulse/protocol/validate';
import { readinessReply } from './health.js';

describe('readinessReply', () => {
  it('is 200 only while the hub listens and its storage is open, and says which check fails', () => {
    const cases = [
      [true, true, '200 OK'],
      [false, true, '503 Service Unavailable'],
      [true, false, '503 Service Unavailable'],
    ] as const;
    for (const [listening, storage, status] of cases) {
      const reply = readinessReply({ isListening: () => listening, isStorageOpen: () => storage });
      const body = JSON.parse(String(reply.body));
      expect({ status: reply.status, body }).toEqual({ status, body: { ready: status === '200 OK', checks: { listening, storage } } });
      expect(isValid('ReadyResponse', body)).toBe(true);
    }
  });
});
