// The URL holds what makes a view linkable: the route in the hash, the transport in the query.

/** The transport a dashboard uses. */
export type Mode = 'push' | 'poll';

/** Poll intervals the toggle offers, in milliseconds. */
export const POLL_INTERVALS_MS = [250, 1000, 2000, 5000] as const;

/** Poll interval when the URL names none. */
const DEFAULT_POLL_INTERVAL_MS = 1000;

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

/** Which page is shown. */
export type Route = { page: 'overview' } | { page: 'compare' } | { page: 'host'; hostId: string };

/** Reads `mode` and `interval` from a query string; anything unknown falls back to push at 1 s. */
export function parseTransportChoice(search: string): TransportChoice {
  const params = new URLSearchParams(search);
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

/** Reads the route from a hash: `#/host/<id>`, `#/compare`, anything else is the overview. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const host = /^\/host\/([^/?#]+)$/.exec(path);
  if (host?.[1] !== undefined) return { page: 'host', hostId: decodeURIComponent(host[1]) };
  if (path === '/compare') return { page: 'compare' };
  return { page: 'overview' };
}

/** The hash for a route. */
export function formatRoute(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'compare':
      return '#/compare';
    case 'host':
      return `#/host/${encodeURIComponent(route.hostId)}`;
    default: {
      const never: never = route;
      return never;
    }
  }
}
