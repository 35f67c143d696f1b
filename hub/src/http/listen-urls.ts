import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** The addresses that mean "every address of this machine": a URL naming one reaches nothing from elsewhere. */
const WILDCARDS = ['0.0.0.0', '::'];

const urlOf = (address: string, port: number): string => `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

/**
 * The http:// URLs a hub listening on `host`:`port` is reached at. A wildcard host is
 * replaced by each address of this machine's interfaces (IPv4 for 0.0.0.0, IPv4 and IPv6
 * for ::, which takes both here), loopback first, then IPv4 before IPv6; IPv6 link-local
 * addresses are left out, as a URL cannot name their interface. Never empty: with no
 * address listed at all, the loopback one stands in.
 */
export function listenUrls(host: string, port: number, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): string[] {
  if (!WILDCARDS.includes(host)) return [urlOf(host, port)];
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((info) => info.family === 'IPv4' || (host === '::' && !/^fe80:/i.test(info.address)));
  const rank = (info: NetworkInterfaceInfo): number => (info.internal ? 0 : 2) + (info.family === 'IPv4' ? 0 : 1);
  const urls = addresses.sort((a, b) => rank(a) - rank(b)).map((info) => urlOf(info.address, port));
  return urls.length > 0 ? urls : [urlOf(host === '::' ? '::1' : '127.0.0.1', port)];
}
