import { describe, expect, it } from 'vitest';
import { formatRoute, formatTransportChoice, formatView, parseRoute, parseTransportChoice, parseView } from './url-state.js';

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
});

describe('overview view in the query string', () => {
  it('reads ?view=table as the table and anything else as cards', () => {
    expect(parseView('?mode=poll&view=table')).toBe('table');
    expect(parseView('?view=grid')).toBe('cards');
    expect(parseView('')).toBe('cards');
  });
  it('writes the view back, keeping the transport', () => {
    expect(formatView('?mode=poll&interval=2000', 'table')).toBe('?mode=poll&interval=2000&view=table');
    expect(formatView('?mode=push&view=table', 'cards')).toBe('?mode=push');
    expect(formatView('?view=table', 'cards')).toBe('');
  });
});
