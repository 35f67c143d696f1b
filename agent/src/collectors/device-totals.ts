import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which interfaces (or block devices) count toward a host's totals. By default the
 * physical ones; `include` counts the names it matches in their place, and `exclude`
 * then leaves out the names it matches. Every one keeps its own series either way.
 */
export interface TotalsRule {
  include: RegExp | undefined;
  exclude: RegExp | undefined;
}

/** The default: physical interfaces and devices only. */
export const PHYSICAL_ONLY: TotalsRule = { include: undefined, exclude: undefined };

/** Whether an interface or device counts toward the totals under `rule`. */
export function countsInTotal(name: string, isVirtual: boolean, rule: TotalsRule): boolean {
  const included = rule.include ? rule.include.test(name) : !isVirtual;
  return included && !(rule.exclude?.test(name) ?? false);
}

/** Entries of a sysfs directory, none when it is missing (an older kernel, a container without /sys). */
function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * Interfaces with no device under them, as Netdata counts them: everything in
 * /sys/devices/virtual/net (loopback, bridges, veth, bonds, VLANs, ifb, tun/tap,
 * wireguard, dummy). A bond's members are physical NICs and count; the bond does not.
 */
export function virtualNetInterfaces(sysRoot: string): Set<string> {
  return new Set(entries(join(sysRoot, 'devices/virtual/net')));
}

/**
 * Block devices whose I/O other devices already count or that have no disk under
 * them: those in /sys/devices/virtual/block (device mapper, md, zram, loop, nbd)
 * and any stacked on others (a non-empty /sys/block/<name>/slaves). The disks
 * beneath a stack (those with holders) count.
 */
export function virtualBlockDevices(sysRoot: string, names: Iterable<string>): Set<string> {
  const virtual = new Set(entries(join(sysRoot, 'devices/virtual/block')));
  for (const name of names) if (!virtual.has(name) && entries(join(sysRoot, 'block', name, 'slaves')).length > 0) virtual.add(name);
  return virtual;
}
