import { readFileSync } from 'node:fs';
import { ConfigError, splitList } from '@hostpulse/common';

/** How the hub reaches NATS (--nats, --nats-creds, --nats-max-age); secrets stay here and are never logged. */
export interface BusConfig {
  /** Server URLs without credentials: what the client dials and what logs and /api/stats show. */
  readonly servers: readonly string[];
  /** User and password from the URLs' user:password@. */
  readonly user: string | undefined;
  readonly pass: string | undefined;
  /** Token from the URLs' token@ (a user name with no password). */
  readonly token: string | undefined;
  /** Contents of the --nats-creds file (a JWT and an nkey seed). */
  readonly creds: string | undefined;
  /** How long the stream keeps samples for catch-up. */
  readonly maxAgeMs: number;
}

const SCHEMES = new Set(['nats:', 'tls:']);

/**
 * Reads `--nats URL[,URL...]`: each nats:// or tls:// (a bare host:port is nats://),
 * each with the same credentials or none. An error names the flag and shows the URL
 * without its credentials.
 */
export function parseBusConfig(urls: string, credsFile: string | undefined, maxAgeMs: number): BusConfig {
  const flag = '--nats (HOSTPULSE_NATS)';
  const servers: string[] = [];
  let auth: string | undefined;
  for (const item of splitList(urls)) {
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(item) ? item : `nats://${item}`);
    } catch (err) {
      throw new ConfigError(`${flag} must list URLs such as nats://10.0.0.5:4222, got "${item.replace(/\/\/[^@/]*@/, '//***@')}"`, { cause: err });
    }
    const userInfo = url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : '';
    url.username = '';
    url.password = '';
    const shown = url.toString().replace(/\/$/, '');
    if (!SCHEMES.has(url.protocol)) throw new ConfigError(`${flag} URLs must be nats:// or tls://, got "${shown}"`);
    if (!url.port) url.port = '4222';
    if ((url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) throw new ConfigError(`${flag} URLs take no path or query, got "${shown}"`);
    if (auth !== undefined && auth !== userInfo) throw new ConfigError(`${flag} URLs must all carry the same credentials (or none)`);
    auth = userInfo;
    servers.push(`${url.protocol}//${url.host}`);
  }
  if (servers.length === 0) throw new ConfigError(`${flag} must name at least one server, such as nats://127.0.0.1:4222`);
  let creds: string | undefined;
  if (credsFile !== undefined) {
    try {
      creds = readFileSync(credsFile, 'utf8');
    } catch (err) {
      throw new ConfigError(`--nats-creds (HOSTPULSE_NATS_CREDS) cannot read "${credsFile}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
    if (!creds.includes('NATS USER JWT')) throw new ConfigError(`--nats-creds (HOSTPULSE_NATS_CREDS) "${credsFile}" is not a NATS credentials file (no USER JWT block)`);
  }
  const [user, pass] = auth ? [auth.slice(0, auth.indexOf(':')), auth.slice(auth.indexOf(':') + 1)] : [undefined, undefined];
  const isToken = user !== undefined && pass === '';
  return Object.freeze({
    servers: Object.freeze(servers),
    user: isToken ? undefined : user,
    pass: isToken ? undefined : pass,
    token: isToken ? user : undefined,
    creds,
    maxAgeMs,
  });
}
