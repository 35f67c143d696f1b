import { storeAdminToken } from './admin-token.js';

/**
 * How an admin link carries the hub's admin token: in the address's fragment,
 * `http://HUB/#admin=TOKEN`, which a browser never sends to a server (nor in a
 * Referer), so it stays out of the hub's and any proxy's logs. `npm start` prints one.
 */
export const ADMIN_LINK_HASH = '#admin=';

/**
 * Takes the admin token of an admin link into this tab's storage (see admin-token.ts)
 * and replaces the address with the overview's, so the token leaves the address bar
 * and the tab's history. True when the address was an admin link.
 */
export function takeAdminLink(location: Pick<Location, 'hash' | 'pathname' | 'search'>, history: Pick<History, 'replaceState'>): boolean {
  if (!location.hash.startsWith(ADMIN_LINK_HASH)) return false;
  const token = decodeURIComponent(location.hash.slice(ADMIN_LINK_HASH.length));
  if (token !== '') storeAdminToken(token);
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  return true;
}
