import { plainText } from './plain-text.js';

/** What the dashboard may know of a host to name it: its id always, its hostname and display name when known. */
export interface HostNaming {
  hostId: string;
  hostname?: string | undefined;
  displayName?: string | undefined;
}

/**
 * How a host is named on screen: `main` first, `aside` beside it in smaller type
 * ('' for nothing). A host with a display name shows it, with its id beside it;
 * one without shows its id, with its hostname beside it when the two differ, so
 * five clones all called "vm" still read apart.
 */
export interface HostLabel {
  main: string;
  aside: string;
}

/** The one rule for naming a host on screen; strings from agents and admins are made plain (see plainText). */
export function hostLabel(host: HostNaming): HostLabel {
  if (host.displayName !== undefined) return { main: plainText(host.displayName), aside: host.hostId };
  const hostname = host.hostname === undefined ? '' : plainText(host.hostname);
  return { main: host.hostId, aside: hostname === host.hostId ? '' : hostname };
}

/** The label as one line of text, "main (aside)": for titles, options, sorting and filtering. */
export function hostLabelText(host: HostNaming): string {
  const { main, aside } = hostLabel(host);
  return aside === '' ? main : `${main} (${aside})`;
}
