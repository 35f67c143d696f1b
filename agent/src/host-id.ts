import { createHash } from 'node:crypto';

/**
 * A hostname made safe for HOST_ID_PATTERN: characters outside [A-Za-z0-9._-]
 * become '-', a leading non-alphanumeric is dropped, and it is cut to 55 characters
 * so the machine-id suffix still fits in 64. Empty results become "host".
 */
export function sanitizeHostname(hostname: string): string {
  const cleaned = hostname
    .trim()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 55);
  return cleaned === '' ? 'host' : cleaned;
}

/**
 * The default host id: the sanitised hostname plus the first 8 hex digits of
 * sha256(/etc/machine-id) when that file exists, so two machines cloned with the
 * same hostname still differ, and one machine keeps its id across restarts. The
 * machine id is hashed because it is meant to stay private to the host.
 */
export function defaultHostId(hostname: string, machineId: string | undefined): string {
  const base = sanitizeHostname(hostname);
  const id = machineId?.trim();
  if (!id) return base;
  return `${base}-${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}
