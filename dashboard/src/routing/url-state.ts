// The URL holds what makes a view linkable: the route, window and zoom in the hash, the transport in the query.

/** The transport a dashboard uses. */
export type Mode = 'push' | 'poll';

/** Poll intervals the toggle offers, in milliseconds. */
export const POLL_INTERVALS_MS = [250, 1000, 2000, 5000] as const;

/** Poll interval when the URL names none. */
const DEFAULT_POLL_INTERVAL_MS = 1000;

/** Time windows a host page offers: the name in the URL, the label on the button, the length. */
export const WINDOWS = [
  { key: '5m', label: '5 min', ms: 300_000 },
  { key: '1h', label: '1 h', ms: 3_600_000 },
  { key: '6h', label: '6 h', ms: 21_600_000 },
  { key: '24h', label: '24 h', ms: 86_400_000 },
  { key: '7d', label: '7 d', ms: 604_800_000 },
  { key: '30d', label: '30 d', ms: 2_592_000_000 },
] as const;

/** The window a host page opens with when the URL names none. */
export const DEFAULT_WINDOW_MS: number = WINDOWS[0].ms;

/** Shortest range a zoom may select. */
export const MIN_RANGE_MS = 10_000;

/** Longest range a URL may name: what the hub accepts as a window. */
const MAX_RANGE_MS = 400 * 86_400_000;

/** Transport choice as parsed from `?mode=poll&interval=1000`. */
export interface TransportChoice {
  mode: Mode;
  intervalMs: number;
}

/** How the overview shows its hosts. */
export type OverviewView = 'cards' | 'table';

/** Reads `view` from a query string: `?view=table` is the table, anything else the cards. */
export function parseView(search: string): OverviewView {
  return new URLSearchParams(search).get('view') === 'table' ? 'table' : 'cards';
}

/** The query string for an overview view, keeping any other parameters (cards, the default, leaves `view` out). */
export function formatView(search: string, view: OverviewView): string {
  const params = new URLSearchParams(search);
  if (view === 'table') params.set('view', 'table');
  else params.delete('view');
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** A fixed stretch of time on the hub's clock, [fromMs, toMs]. */
export interface TimeRange {
  fromMs: number;
  toMs: number;
}

/**
 * Which page is shown; a host page also names its window and, when zoomed or paused,
 * the range held; an overview reached from an address that could not be read says why in `notice`.
 */
export type Route =
  | { page: 'overview'; notice?: string }
  | { page: 'compare' }
  | { page: 'alerts' }
  | { page: 'host'; hostId: string; windowMs: number; range: TimeRange | null };

/** The query after the route in a hash (`#/host/web-1?mode=poll` -> `mode=poll`), '' for none. */
function hashQuery(hash: string): string {
  const queryAt = hash.indexOf('?');
  return queryAt < 0 ? '' : hash.slice(queryAt + 1);
}

/** Whether a hash carries a transport choice after its route (`#/host/web-1?mode=poll`). */
export function hasTransportChoice(hash: string): boolean {
  const params = new URLSearchParams(hashQuery(hash));
  return params.has('mode') || params.has('interval');
}

/**
 * Reads `mode` and `interval` from a query string, and from the query after the route in
 * `hash` (a link may carry them there, as `#/host/web-1?mode=poll`), which wins; anything
 * unknown falls back to push at 1 s.
 */
export function parseTransportChoice(search: string, hash = ''): TransportChoice {
  const params = new URLSearchParams(search);
  for (const [key, value] of new URLSearchParams(hashQuery(hash))) if (key === 'mode' || key === 'interval') params.set(key, value);
  const mode: Mode = params.get('mode') === 'poll' ? 'poll' : 'push';
  const interval = Number(params.get('interval'));
  const intervalMs = (POLL_INTERVALS_MS as readonly number[]).includes(interval) ? interval : DEFAULT_POLL_INTERVAL_MS;
  return { mode, intervalMs };
}

/** The query string for a transport choice, keeping any other parameters. */
export function formatTransportChoice(search: string, choice: TransportChoice): string {
  const params = new URLSearchParams(search);
  params.set('mode', choice.mode);
  if (choice.mode === 'poll') params.set('interval', String(choice.intervalMs));
  else params.delete('interval');
  return `?${params.toString()}`;
}

/** The route of a host page, live in the default window unless told otherwise. */
export function hostRoute(hostId: string, windowMs = DEFAULT_WINDOW_MS, range: TimeRange | null = null): Route {
  return { page: 'host', hostId, windowMs, range };
}

/** A whole number of milliseconds from a URL parameter, or null. */
function parseMs(text: string | null): number | null {
  if (text === null || !/^\d{1,16}$/.test(text)) return null;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** A range from `from` and `to`, or null when either is missing or they make no sense together. */
function parseRange(params: URLSearchParams): TimeRange | null {
  const fromMs = parseMs(params.get('from'));
  const toMs = parseMs(params.get('to'));
  if (fromMs === null || toMs === null) return null;
  const spanMs = toMs - fromMs;
  return spanMs >= MIN_RANGE_MS && spanMs <= MAX_RANGE_MS ? { fromMs, toMs } : null;
}

/**
 * Reads the route from a hash: `#/host/<id>?window=24h&from=MS&to=MS`, `#/compare`,
 * `#/alerts`, anything else is the overview. An unknown window is the default one, a range that
 * does not parse is left out: a mangled link still opens the host, live. A host id
 * that is no valid percent-encoding (`#/host/%E0`) opens the overview with a notice,
 * never a blank page.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const queryAt = path.indexOf('?');
  const pathname = queryAt < 0 ? path : path.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? '' : path.slice(queryAt + 1));
  const host = /^\/host\/([^/?#]+)$/.exec(pathname);
  if (host?.[1] !== undefined) {
    let hostId: string;
    try {
      hostId = decodeURIComponent(host[1]);
    } catch {
      // A broken %-escape names no host; the overview is the honest answer, and it says why.
      return { page: 'overview', notice: `The address names a host id that cannot be read (${hash.slice(0, 80)}), so here is the overview.` };
    }
    const windowMs = WINDOWS.find((w) => w.key === params.get('window'))?.ms ?? DEFAULT_WINDOW_MS;
    return hostRoute(hostId, windowMs, parseRange(params));
  }
  if (pathname === '/compare') return { page: 'compare' };
  if (pathname === '/alerts') return { page: 'alerts' };
  return { page: 'overview' };
}

/** The hash for a route; the default window and a live view add nothing to it. */
export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'compare':
      return '#/compare';
    case 'alerts':
      return '#/alerts';
    case 'host': {
      const params = new URLSearchParams();
      const window = WINDOWS.find((w) => w.ms === route.windowMs);
      if (window && window.ms !== DEFAULT_WINDOW_MS) params.set('window', window.key);
      if (route.range) {
        params.set('from', String(Math.round(route.range.fromMs)));
        params.set('to', String(Math.round(route.range.toMs)));
      }
      const query = params.toString();
      return `#/host/${encodeURIComponent(route.hostId)}${query ? `?${query}` : ''}`;
    }
    default: {
      const never: never = route;
      return never;
    }
  }
}

/** Whether two ranges are the same (both null counts). */
export function isSameRange(a: TimeRange | null, b: TimeRange | null): boolean {
  return a === b || (a !== null && b !== null && a.fromMs === b.fromMs && a.toMs === b.toMs);
}
