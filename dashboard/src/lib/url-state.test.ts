import { describe, expect, it } from 'vitest';
import { formatRoute, formatTransportChoice, parseRoute, parseTransportChoice } from './url-state.js';

describe('transport choice in the query string', () => {
  it('selects poll with a given interval', () => {
    expect(parseTransportChoice('?mode=poll&interval=250')).toEqual({ mode: 'poll', intervalMs: 250 });
    expect(parseTransportChoice('?mode=poll&interval=5000')).toEqual({ mode: 'poll', intervalMs: 5000 });
  });
  it('falls back to push and a 1 s interval for anything else', () => {
    expect(parseTransportChoice('')).toEqual({ mode: 'push', intervalMs: 1000 });
    expect(parseTransportChoice('?mode=carrier-pigeon&interval=3')).toEqual({ mode: 'push', intervalMs: 1000 });
    expect(parseTransportChoice('?mode=poll&interval=17')).toEqual({ mode: 'poll', intervalMs: 1000 });
  });
  it('writes the choice back, keeping other parameters', () => {
    expect(formatTransportChoice('?x=1', { mode: 'poll', intervalMs: 2000 })).toBe('?x=1&mode=poll&interval=2000');
    expect(formatTransportChoice('?mode=poll&interval=2000', { mode: 'push', intervalMs: 2000 })).toBe('?mode=push');
  });
});

describe('route in the hash', () => {
  it('round-trips every page', () => {
    for (const route of [{ page: 'overview' }, { page: 'compare' }, { page: 'host', hostId: 'web-1.example' }] as const) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
  });
  it('treats anything unknown as the overview', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'overview' });
  });
  it('turns a host id that is no valid percent-encoding into the overview with a notice, without throwing', () => {
    for (const hash of ['#/host/%E0', '#/host/%', '#/host/abc%ZZ', '#/host/%C0%AF']) {
      expect(parseRoute(hash)).toEqual({ page: 'overview', notice: expect.stringContaining(hash) });
    }
    expect(parseRoute('#/host/web%2D1')).toEqual({ page: 'host', hostId: 'web-1' });
  });
});
