import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_MS, formatRoute, formatTransportChoice, formatView, hasTransportChoice, hostRoute, parseRoute, parseTransportChoice, parseView, type Route } from './url-state.js';

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
  it('takes a choice written after the route in the hash, over the query string', () => {
    expect(parseTransportChoice('', '#/host/web-1?mode=poll')).toEqual({ mode: 'poll', intervalMs: 1000 });
    expect(parseTransportChoice('?mode=push', '#/host/web-1?window=1h&mode=poll&interval=250')).toEqual({ mode: 'poll', intervalMs: 250 });
    expect(parseTransportChoice('?mode=poll&interval=2000', '#/host/web-1?window=1h')).toEqual({ mode: 'poll', intervalMs: 2000 });
    expect([hasTransportChoice('#/host/web-1?mode=poll'), hasTransportChoice('#/host/web-1?window=1h'), hasTransportChoice('#/compare')]).toEqual([true, false, false]);
  });
  it('writes the choice back, keeping other parameters', () => {
    expect(formatTransportChoice('?x=1', { mode: 'poll', intervalMs: 2000 })).toBe('?x=1&mode=poll&interval=2000');
    expect(formatTransportChoice('?mode=poll&interval=2000', { mode: 'push', intervalMs: 2000 })).toBe('?mode=push');
  });
});

describe('route in the hash', () => {
  it('round-trips every page, window and zoom', () => {
    const routes: Route[] = [
      { page: 'overview' },
      { page: 'compare' },
      { page: 'alerts' },
      hostRoute('web-1.example'),
      hostRoute('db-1', 86_400_000),
      hostRoute('db-1', 2_592_000_000, { fromMs: 1_764_590_400_000, toMs: 1_764_594_000_000 }),
    ];
    for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it('writes a link a person can read: the window by name, the zoom in ms, nothing for the defaults', () => {
    expect(formatRoute(hostRoute('web-1'))).toBe('#/host/web-1');
    expect(formatRoute(hostRoute('web-1', 86_400_000, { fromMs: 1000, toMs: 61_000 }))).toBe('#/host/web-1?window=24h&from=1000&to=61000');
  });

  it('treats anything unknown as the overview', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'overview' });
  });

  it('opens a host live in the default window when its window or zoom is mangled', () => {
    const live = hostRoute('web-1', DEFAULT_WINDOW_MS);
    expect(parseRoute('#/host/web-1?window=3y')).toEqual(live);
    expect(parseRoute('#/host/web-1?from=abc&to=1000')).toEqual(live);
    expect(parseRoute('#/host/web-1?from=5000&to=1000')).toEqual(live);
    expect(parseRoute('#/host/web-1?from=1000&to=2000')).toEqual(live);
    expect(parseRoute('#/host/web-1?from=-1&to=100000')).toEqual(live);
    expect(parseRoute('#/host/web-1?from=1e3&to=1e9')).toEqual(live);
    expect(parseRoute('#/host/web-1?from=1000')).toEqual(live);
    expect(parseRoute('#/host/web-1?window=1h&from=99999999999999999999&to=99999999999999999999999')).toEqual(hostRoute('web-1', 3_600_000));
  });

  it('does not throw on a broken escape in the host id, and opens the overview saying why', () => {
    for (const hash of ['#/host/%E0%A4%A', '#/host/%E0', '#/host/%', '#/host/abc%ZZ', '#/host/%C0%AF']) {
      expect(parseRoute(hash)).toEqual({ page: 'overview', notice: expect.stringContaining(hash) });
    }
    expect(parseRoute('#/host/web%2D1?window=%ZZ')).toEqual(hostRoute('web-1'));
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
