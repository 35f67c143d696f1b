import type { ChannelService } from '@hostpulse/protocol';

/** Where a chat or push service is reached, parsed from a channel URL (ntfy://, slack://, smtp:// ...). */
export type Channel =
  | { service: 'ntfy'; baseUrl: string; topic: string; authorization?: string }
  | { service: 'gotify'; baseUrl: string; token: string }
  | { service: 'slack' | 'discord' | 'teams' | 'generic'; url: string }
  | { service: 'telegram'; baseUrl: string; token: string; chats: string[] }
  | { service: 'matrix'; baseUrl: string; token: string; rooms: string[] }
  | { service: 'email'; host: string; port: number; encryption: SmtpEncryption; user?: string; password?: string; from: string; to: string[] };

/** How mail reaches the SMTP server: STARTTLS (required), TLS from the first byte, or in the clear (loopback only). */
export type SmtpEncryption = 'ExplicitTLS' | 'ImplicitTLS' | 'None';

/** The service each channel URL scheme picks. */
export const CHANNEL_SCHEMES: Readonly<Record<string, ChannelService>> = {
  'ntfy:': 'ntfy',
  'gotify:': 'gotify',
  'slack:': 'slack',
  'discord:': 'discord',
  'telegram:': 'telegram',
  'matrix:': 'matrix',
  'teams:': 'teams',
  'smtp:': 'email',
  'generic+https:': 'generic',
  'generic+http:': 'generic',
};

/** A channel URL that cannot be used; the message says what is wrong, never the URL's secrets. */
export class ChannelUrlError extends Error {}

function fail(message: string): never {
  throw new ChannelUrlError(message);
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
const EMAIL = /^[^\s@,]+@[^\s@,]+$/;

/** Whether a host name is this machine, the only place a token may travel in the clear. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK.test(hostname.toLowerCase());
}

/** http for a loopback host that asked for plain HTTP (`flag=yes`), else https. */
function webScheme(url: URL, flag: string | null, param: string): string {
  if (flag === null || flag.toLowerCase() === 'no') return 'https';
  if (flag.toLowerCase() !== 'yes') fail(`${param} must be yes or no`);
  if (!isLoopback(url.hostname)) fail(`${param}=yes (plain HTTP) is allowed only to a loopback host, so no token crosses a network in the clear`);
  return 'http';
}

/** The origin of a self-hosted service, plain HTTP when `param` says so. */
function originOf(url: URL, param: string): string {
  if (url.hostname === '') fail('a host is required');
  return `${webScheme(url, url.searchParams.get(param), param)}://${url.host}`;
}

/** The API origin of a hosted service: its own, or `host=` (a compatible server or proxy). */
function hostedOrigin(url: URL, defaultHost: string): string {
  const host = url.searchParams.get('host');
  if (host === null) return `https://${defaultHost}`;
  const target = URL.canParse(`x://${host}`) ? new URL(`x://${host}`) : null;
  if (!target || target.host !== host.toLowerCase() || target.pathname !== '') return fail(`host must be a host name with an optional port, got "${host}"`);
  return `${webScheme(target, url.searchParams.get('disabletls'), 'disabletls')}://${host}`;
}

function refuseUnknown(url: URL, allowed: readonly string[]): void {
  for (const key of url.searchParams.keys()) if (!allowed.includes(key)) fail(`unknown query parameter "${key}"; expected one of ${allowed.join(', ') || 'none'}`);
}

const segments = (url: URL): string[] => url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
const list = (text: string | null): string[] => (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

function parseNtfy(url: URL): Channel {
  refuseUnknown(url, ['scheme']);
  const scheme = url.searchParams.get('scheme') ?? 'https';
  if (scheme !== 'https' && scheme !== 'http') fail('scheme must be https or http');
  if (scheme === 'http' && !isLoopback(url.hostname)) fail('scheme=http (plain HTTP) is allowed only to a loopback host, so no token crosses a network in the clear');
  const [topic, ...rest] = segments(url);
  if (!topic || rest.length > 0) fail('give one topic as the path: ntfy://[user:password@]host/topic');
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const authorization = password === '' ? undefined : user === '' ? `Bearer ${password}` : `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  return { service: 'ntfy', baseUrl: `${scheme}://${url.host || 'ntfy.sh'}`, topic, ...(authorization && { authorization }) };
}

function parseGotify(url: URL): Channel {
  refuseUnknown(url, ['disabletls']);
  const parts = segments(url);
  const token = parts.pop();
  if (!token) fail('give the application token as the last path segment: gotify://host[/path]/token');
  const base = originOf(url, 'disabletls');
  return { service: 'gotify', baseUrl: parts.length ? `${base}/${parts.map(encodeURIComponent).join('/')}` : base, token };
}

function parseSlack(url: URL): Channel {
  refuseUnknown(url, ['host', 'disabletls']);
  const tokens = [url.hostname, ...segments(url)];
  if (tokens.length !== 3 || tokens.some((t) => !/^[A-Za-z0-9_-]+$/.test(t))) fail('give the three tokens of the incoming webhook: slack://T000/B000/XXXX (from https://hooks.slack.com/services/T000/B000/XXXX)');
  return { service: 'slack', url: `${hostedOrigin(url, 'hooks.slack.com')}/services/${tokens.join('/')}` };
}

function parseDiscord(url: URL): Channel {
  refuseUnknown(url, ['host', 'disabletls']);
  const token = decodeURIComponent(url.username);
  if (!/^\d+$/.test(url.hostname) || !/^[A-Za-z0-9_-]+$/.test(token) || url.pathname.replace(/\/$/, '') !== '') fail('give the webhook as discord://token@webhookid (from https://discord.com/api/webhooks/webhookid/token)');
  return { service: 'discord', url: `${hostedOrigin(url, 'discord.com')}/api/webhooks/${url.hostname}/${token}` };
}

function parseTelegram(url: URL): Channel {
  refuseUnknown(url, ['chats', 'host', 'disabletls']);
  const token = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(token) || url.hostname !== 'telegram') fail('give the bot token as telegram://123456:ABC-token@telegram?chats=...');
  const chats = list(url.searchParams.get('chats'));
  if (chats.length === 0 || chats.some((c) => !/^(-?\d+|@[A-Za-z0-9_]{5,})$/.test(c))) fail('chats must list chat ids or @channel names, comma-separated');
  return { service: 'telegram', baseUrl: hostedOrigin(url, 'api.telegram.org'), token, chats };
}

function parseMatrix(url: URL): Channel {
  refuseUnknown(url, ['rooms', 'disabletls']);
  if (url.username !== '') fail('give an access token as matrix://:token@host (logging in with a user and password is not supported)');
  const token = decodeURIComponent(url.password);
  if (token === '') fail('an access token is required: matrix://:token@host/?rooms=!room:server');
  const rooms = list(url.searchParams.get('rooms'));
  if (rooms.length === 0 || rooms.some((r) => !/^![^:\s]+:\S+$/.test(r))) fail('rooms must list room ids such as !abc:example.org, comma-separated (aliases are not resolved)');
  return { service: 'matrix', baseUrl: originOf(url, 'disabletls'), token, rooms };
}

function parseTeams(url: URL): Channel {
  refuseUnknown(url, ['api-version', 'sp', 'sv', 'sig', 'disabletls']);
  if (url.hostname === '' || url.pathname === '' || url.pathname === '/') fail('give the workflow URL with https:// replaced by teams://, such as teams://prod-00.westus.logic.azure.com:443/workflows/...');
  const scheme = webScheme(url, url.searchParams.get('disabletls'), 'disabletls');
  url.searchParams.delete('disabletls');
  return { service: 'teams', url: `${scheme}://${url.host}${url.pathname}${url.search}` };
}

function parseGeneric(url: URL): Channel {
  const secure = url.protocol === 'generic+https:';
  if (url.hostname === '') fail('a host is required');
  if (!secure && !isLoopback(url.hostname)) fail('generic+http:// (plain HTTP) is allowed only to a loopback host; use generic+https://');
  if (url.username !== '' || url.password !== '') fail('generic URLs take no user or password; put a token in the path or query');
  return { service: 'generic', url: `${secure ? 'https' : 'http'}://${url.host}${url.pathname}${url.search}` };
}

function parseSmtp(url: URL): Channel {
  refuseUnknown(url, ['from', 'to', 'encryption']);
  if (url.hostname === '') fail('a host is required: smtp://[user:password@]host[:port]/?from=...&to=...');
  const encryption = url.searchParams.get('encryption') ?? (url.port === '465' ? 'ImplicitTLS' : 'ExplicitTLS');
  if (encryption !== 'ExplicitTLS' && encryption !== 'ImplicitTLS' && encryption !== 'None') fail('encryption must be ExplicitTLS (STARTTLS), ImplicitTLS or None');
  if (encryption === 'None' && !isLoopback(url.hostname)) fail('encryption=None is allowed only to a loopback host, so no password or mail crosses a network in the clear');
  const from = url.searchParams.get('from') ?? '';
  const to = list(url.searchParams.get('to'));
  if (!EMAIL.test(from)) fail('from must be one e-mail address');
  if (to.length === 0 || !to.every((a) => EMAIL.test(a))) fail('to must list e-mail addresses, comma-separated');
  const port = url.port === '' ? (encryption === 'ImplicitTLS' ? 465 : 587) : Number(url.port);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return { service: 'email', host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, encryption: encryption as SmtpEncryption, ...(user && { user, password }), from, to };
}

const PARSERS: Record<ChannelService, (url: URL) => Channel> = {
  ntfy: parseNtfy,
  gotify: parseGotify,
  slack: parseSlack,
  discord: parseDiscord,
  telegram: parseTelegram,
  matrix: parseMatrix,
  teams: parseTeams,
  email: parseSmtp,
  generic: parseGeneric,
};

/** Parses a channel URL; a ChannelUrlError says what is wrong. */
export function parseChannelUrl(text: string): Channel {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`not a URL; expected one of ${Object.keys(CHANNEL_SCHEMES).map((s) => `${s}//`).join(', ')}`);
  }
  const service = CHANNEL_SCHEMES[url.protocol];
  if (url.protocol === 'http:' || url.protocol === 'https:') return fail('a notifier without a type is a channel; give an http(s) URL a type, webhook (signed, with a secret) or alertmanager, or write generic+https:// for an unsigned JSON post');
  if (!service) return fail(`unknown scheme "${url.protocol}"; expected one of ${Object.keys(CHANNEL_SCHEMES).map((s) => `${s}//`).join(', ')}`);
  try {
    return PARSERS[service](url);
  } catch (err) {
    if (err instanceof URIError) fail('a part of the URL has a bad %-escape');
    throw err;
  }
}

/**
 * A channel URL with its secrets masked, as admins see it: the password, a
 * user name that is a token (Discord), the tokens in a path (Slack, Gotify, a
 * generic URL's path), and query values that sign (Teams' sig, a generic URL's).
 */
export function maskChannelUrl(text: string): string {
  const url = new URL(text);
  const service = CHANNEL_SCHEMES[url.protocol];
  const masked = '***';
  if (url.password !== '') url.password = masked;
  if (service === 'discord' && url.username !== '') url.username = masked;
  if (service === 'slack') return `${url.protocol}//${masked}/${masked}/${masked}${url.search}`;
  if (service === 'gotify') url.pathname = url.pathname.replace(/[^/]+\/?$/, masked);
  if (service === 'teams' && url.searchParams.has('sig')) url.searchParams.set('sig', masked);
  if (service === 'generic') {
    if (url.pathname !== '/') url.pathname = `/${masked}`;
    for (const key of [...url.searchParams.keys()]) url.searchParams.set(key, masked);
  }
  return url.toString().replace(/%2A%2A%2A/g, masked);
}
