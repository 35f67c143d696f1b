import { describe, expect, it } from 'vitest';
import { parseLabRequest } from './lab-request.js';

const known = (hostId: string): boolean => hostId === 'web-1';
const parse = (body: unknown): ReturnType<typeof parseLabRequest> => parseLabRequest(typeof body === 'string' ? body : JSON.stringify(body), known);

describe('lab requests', () => {
  it('reads the settings, defaulting the interval to 1 s and the topic to the overview', () => {
    expect(parse({ viewers: 300, mode: 'poll', intervalMs: 250, topic: 'host/web-1' })).toEqual({
      ok: true,
      settings: { viewers: 300, mode: 'poll', intervalMs: 250, topic: 'host/web-1' },
      labId: undefined,
    });
    expect(parse({ viewers: 1, mode: 'push', labId: 'lab-1' })).toEqual({ ok: true, settings: { viewers: 1, mode: 'push', intervalMs: 1000, topic: 'overview' }, labId: 'lab-1' });
  });

  it.each([
    ['not json', 'body'],
    [[1, 2], 'body'],
    [{ viewers: 0, mode: 'push' }, 'viewers'],
    [{ viewers: 1001, mode: 'push' }, 'viewers'],
    [{ viewers: 2.5, mode: 'push' }, 'viewers'],
    [{ viewers: '10', mode: 'push' }, 'viewers'],
    [{ mode: 'push' }, 'viewers'],
    [{ viewers: 10, mode: 'sse' }, 'mode'],
    [{ viewers: 10, mode: 'poll', intervalMs: 10 }, 'intervalMs'],
    [{ viewers: 10, mode: 'poll', intervalMs: 60_000 }, 'intervalMs'],
    [{ viewers: 10, mode: 'poll', topic: 'stats' }, 'topic'],
    [{ viewers: 10, mode: 'poll', topic: 'host/db-9' }, 'topic'],
    [{ viewers: 10, mode: 'poll', labId: 7 }, 'labId'],
    [{ viewers: 10, mode: 'poll', hosts: 3 }, 'hosts'],
  ])('refuses %j, naming %s', (body, field) => {
    const result = parse(body);
    expect(result).toMatchObject({ ok: false, field });
    expect(!result.ok && result.message.startsWith(`${field}: `)).toBe(true);
  });
});
