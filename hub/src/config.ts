import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError, formatHelp, LOG_LEVELS, parseCli, parseDuration, splitList, type LogLevel } from '@hostpulse/common';
import { LAB_TIME_LIMIT_MS, TIERS, type Tier } from '@hostpulse/protocol';
import type { HostToken } from './auth/agent-auth.js';
import { readAgentTokensFile } from './auth/agent-tokens-file.js';
import { DEFAULT_ALERTS, readAlertsFile, type AlertsConfig } from './alerts/rules-file.js';
import { ALERT_EVENTS_KEPT_IN_MEMORY } from './alerts/alert-history.js';
import { parseBusConfig, type BusConfig } from './cluster/bus-config.js';
import { normaliseOrigin } from './auth/origin-policy.js';
import { canonicalAddress } from './http/client-address.js';
import { DEFAULT_RETENTION, type Retention } from './store/tiers.js';
import { DEFAULT_ALERT_HISTORY_MS } from './store/alert-events.js';
import { AGENT_DIR, DASHBOARD_DIR, HUB_PACKAGE_JSON, LAB_PROGRAM } from './files/run-time-files.js';

/** The built dashboard: dashboard/dist in a checkout, beside the bundle in a release. */
export const DEFAULT_DASHBOARD_DIR = DASHBOARD_DIR;

/** The agent executables: agent/dist in a checkout, beside the bundle in a release. */
export const DEFAULT_AGENT_DIR = AGENT_DIR;

/** The load lab's program (readHubCommand checks it is built). */
export const DEFAULT_LAB_PROGRAM = LAB_PROGRAM;

/** The hub's flags and their HOSTPULSE_* variables. */
export const HUB_OPTIONS = {
  port: { kind: 'integer', env: 'HOSTPULSE_PORT', default: 8080, min: 0, max: 65535, valueName: 'PORT', help: 'port to listen on; 0 picks a free one' },
  host: { kind: 'string', env: 'HOSTPULSE_HOST', default: '127.0.0.1', valueName: 'ADDRESS', help: 'address to listen on' },
  agentToken: {
    kind: 'string',
    env: 'HOSTPULSE_AGENT_TOKEN',
    valueName: 'TOKEN',
    help: 'token any agent may send as "Authorization: Bearer TOKEN"; unset, a hub with --data-dir makes one once and keeps it there (see --print-tokens), and one without needs this or --agent-tokens-file unless listening on loopback',
  },
  agentTokensFile: {
    kind: 'string',
    env: 'HOSTPULSE_AGENT_TOKENS_FILE',
    valueName: 'FILE',
    help: 'file of per-host agent tokens, one "host-id token" a line (# comments); each token is valid only for its host id, and no token is minted through the API for a host id listed here; with it and no --agent-token, agents need a per-host token and the hub keeps no shared one',
  },
  viewerToken: {
    kind: 'string',
    env: 'HOSTPULSE_VIEWER_TOKEN',
    valueName: 'TOKEN',
    help: 'token dashboards and API clients need (Authorization: Bearer TOKEN, or open /?token=TOKEN once in a browser); unset, anyone who reaches the hub may watch',
  },
  adminToken: {
    kind: 'string',
    env: 'HOSTPULSE_ADMIN_TOKEN',
    valueName: 'TOKEN',
    help: 'token for changes through the API (Authorization: Bearer TOKEN), such as deleting a host or minting a per-host agent token (POST /api/agent-tokens); unset, a hub with --data-dir makes one once and keeps it there, and one without refuses such changes',
  },
  allowedOrigins: {
    kind: 'string',
    env: 'HOSTPULSE_ALLOWED_ORIGINS',
    valueName: 'ORIGINS',
    help: "origins besides the hub's own whose pages may open /live, comma-separated or repeated, such as https://ops.example.com",
  },
  publicUrl: {
    kind: 'string',
    env: 'HOSTPULSE_PUBLIC_URL',
    valueName: 'URL',
    help: 'address users open the hub at, such as https://hostpulse.example.com (comma-separated or repeated); the API, /live and /metrics answer only requests naming localhost, an IP address or one of these hosts, and pages of these origins may open /live',
  },
  corsOrigin: {
    kind: 'string',
    env: 'HOSTPULSE_CORS_ORIGIN',
    valueName: 'ORIGIN',
    help: 'origin whose pages may call the API and /metrics (CORS), comma-separated or repeated; unset, no CORS headers are sent',
  },
  maxSocketsPerAddress: {
    kind: 'integer',
    env: 'HOSTPULSE_MAX_SOCKETS_PER_ADDRESS',
    default: 2000,
    min: 1,
    max: 1_000_000,
    valueName: 'N',
    help: 'most WebSockets (/agent and /live together) open from one client address; an upgrade past it gets HTTP 429 and counts as a tooManySockets fault (the load lab opens up to 1000 from loopback)',
  },
  trustedProxy: {
    kind: 'string',
    env: 'HOSTPULSE_TRUSTED_PROXY',
    valueName: 'ADDRESSES',
    help: 'IP addresses of TLS proxies in front of the hub, comma-separated or repeated, such as 127.0.0.1: for requests from them the client address is the last of X-Forwarded-For, so --max-sockets-per-address and the series poll budget count each client behind the proxy; from any other address X-Forwarded-For is ignored',
  },
  maxHosts: { kind: 'integer', env: 'HOSTPULSE_MAX_HOSTS', default: 10_000, min: 1, max: 1_000_000, valueName: 'N', help: 'most hosts the hub holds; a hello for a new host id past it is closed with 4507 (tooManyHosts)' },
  history: {
    kind: 'duration',
    env: 'HOSTPULSE_HISTORY',
    default: 3_600_000,
    min: 10_000,
    max: 7 * 86_400_000,
    valueName: 'DURATION',
    help: 'raw samples kept in memory per host, such as 15m or 1h (ms when bare); with --data-dir, older ones are read from disk',
  },
  dataDir: {
    kind: 'string',
    env: 'HOSTPULSE_DATA_DIR',
    default: 'none',
    valueName: 'DIR',
    help: 'directory for the history database and the hub\'s own agent and admin tokens (created when missing; it must hold only the hub\'s files); "none" keeps history in memory only, lost at exit, and no tokens',
  },
  retention: {
    kind: 'string',
    env: 'HOSTPULSE_RETENTION',
    default: 'raw=48h,1m=90d,1h=2y',
    valueName: 'TIERS',
    help: 'how long each tier on disk keeps its data: raw samples, 1-minute and 1-hour min/avg/max; any subset, such as raw=24h',
  },
  maxClockAhead: {
    kind: 'duration',
    env: 'HOSTPULSE_MAX_CLOCK_AHEAD',
    default: 300_000,
    min: 1000,
    max: 86_400_000,
    valueName: 'DURATION',
    help: "how far ahead of the hub's clock a sample may be dated; a later one, or one older than the longest --retention tier, is re-timed to when the hub received it, counted (faults.clockSkew) and logged once per host",
  },
  forgetOfflineAfter: {
    kind: 'duration',
    env: 'HOSTPULSE_FORGET_OFFLINE_AFTER',
    min: 1000,
    valueName: 'DURATION',
    help: 'forget a host and its history once it has been offline this long, such as 7d (its page says when); unset, an offline host stays until an admin deletes it or it is older than the longest --retention tier',
  },
  maxDisk: {
    kind: 'string',
    env: 'HOSTPULSE_MAX_DISK',
    valueName: 'SIZE',
    help: 'cap on the database on disk, such as 500MB or 20GiB; over it the oldest data goes first (raw, then 1m, then 1h); unset, no cap',
  },
  alertHistory: {
    kind: 'duration',
    env: 'HOSTPULSE_ALERT_HISTORY',
    default: DEFAULT_ALERT_HISTORY_MS,
    min: 3_600_000,
    max: 10 * 365 * 86_400_000,
    valueName: 'DURATION',
    help: `how long the alert history (alerts fired, resolved, silenced, and each delivery with its error) is kept, such as 90d; on disk with --data-dir, else the newest ${ALERT_EVENTS_KEPT_IN_MEMORY} events in memory`,
  },
  alertsFile: {
    kind: 'string',
    env: 'HOSTPULSE_ALERTS_FILE',
    valueName: 'FILE',
    help: 'alert rules and notifiers (JSON or YAML) seeding the rules the hub keeps and admins change from the dashboard: imported at the first start and whenever its text changed since, at a start or on SIGHUP (an invalid file keeps the rules in force); unset, default rules show on the dashboard only',
  },
  nats: {
    kind: 'string',
    env: 'HOSTPULSE_NATS',
    valueName: 'URLS',
    help: 'NATS servers (JetStream on), comma-separated, such as nats://10.0.0.5:4222: hubs on the same NATS share every host (see docs/cluster.md); nats://user:pass@host or nats://token@host for credentials, never logged; unset, the hub runs alone',
  },
  natsCreds: { kind: 'string', env: 'HOSTPULSE_NATS_CREDS', valueName: 'FILE', help: 'NATS credentials file (JWT and nkey seed) for --nats' },
  natsMaxAge: {
    kind: 'duration',
    env: 'HOSTPULSE_NATS_MAX_AGE',
    default: 3_600_000,
    min: 60_000,
    max: 7 * 86_400_000,
    valueName: 'DURATION',
    help: 'how long the NATS stream keeps samples, so a hub that was away back-fills what it missed, such as 1h or 30m',
  },
  dashboardDir: { kind: 'string', env: 'HOSTPULSE_DASHBOARD_DIR', default: DEFAULT_DASHBOARD_DIR, valueName: 'DIR', help: 'directory of the built dashboard' },
  agentDir: {
    kind: 'string',
    env: 'HOSTPULSE_AGENT_DIR',
    default: DEFAULT_AGENT_DIR,
    valueName: 'DIR',
    help: 'directory of the agent executables and SHA256SUMS served at /download/agent/ for /install.sh (npm run build:sea writes them)',
  },
  lab: {
    kind: 'boolean',
    env: 'HOSTPULSE_LAB',
    default: false,
    help: 'offer the load lab (POST /api/lab): up to 1000 simulated viewers, in a process of their own, for the Compare page; needs an admin token (--admin-token, or the one kept with --data-dir) unless listening on loopback',
  },
  labTimeLimit: {
    kind: 'duration',
    env: 'HOSTPULSE_LAB_TIME_LIMIT',
    default: LAB_TIME_LIMIT_MS,
    min: 1000,
    max: LAB_TIME_LIMIT_MS,
    valueName: 'DURATION',
    help: 'a lab stops by itself this long after it started',
  },
  printTokens: {
    kind: 'boolean',
    default: false,
    help: "print the agent and admin tokens a hub with these flags uses and where each comes from (the data dir's tokens file, a flag or a variable), then exit; it makes and changes nothing",
  },
} as const;

/** Usage line of --help. */
export const USAGE =
  'usage: hostpulse-hub [--port PORT] [--host ADDRESS] [--agent-token TOKEN] [--agent-tokens-file FILE] [--viewer-token TOKEN]\n' +
  '                     [--admin-token TOKEN] [--allowed-origins ORIGINS] [--public-url URL] [--cors-origin ORIGIN]\n' +
  '                     [--max-sockets-per-address N] [--trusted-proxy ADDRESSES]\n' +
  '                     [--max-hosts N] [--history DURATION] [--data-dir DIR|none] [--retention TIERS] [--max-disk SIZE] [--max-clock-ahead DURATION]\n' +
  '                     [--alert-history DURATION]\n' +
  '                     [--alerts-file FILE] [--dashboard-dir DIR] [--agent-dir DIR] [--lab] [--lab-time-limit DURATION]\n' +
  '                     [--nats URLS] [--nats-creds FILE] [--nats-max-age DURATION] [--print-tokens]';

// Options that may be given more than once; their values are joined with commas.
const REPEATABLE_FLAGS = ['--allowed-origins', '--public-url', '--cors-origin', '--trusted-proxy'];

/** The hub's configuration, parsed and frozen. */
export interface HubConfig {
  readonly port: number;
  readonly host: string;
  /** Token valid for any host id, as given by flag or variable; with a data dir and none given, the hub keeps its own (auth/hub-tokens.ts). */
  readonly agentToken: string | undefined;
  /** Tokens each valid for one host id (--agent-tokens-file). */
  readonly agentHostTokens: readonly HostToken[];
  readonly viewerToken: string | undefined;
  /** Token for changes through the API, as given; with a data dir and none given, the hub keeps its own. */
  readonly adminToken: string | undefined;
  /** Origins, besides the hub's own, whose pages may open /live. */
  readonly allowedOrigins: readonly string[];
  /** Addresses users open the hub at (--public-url); their host names and origins are the hub's own. */
  readonly publicUrls: readonly string[];
  /** Origins that get CORS headers on the API and /metrics. */
  readonly corsOrigins: readonly string[];
  /** Most WebSockets open from one client address. */
  readonly maxSocketsPerAddress: number;
  /** Addresses of proxies whose X-Forwarded-For names the client (canonical spelling). */
  readonly trustedProxies: readonly string[];
  /** Most hosts the hub holds; new host ids past it are refused. */
  readonly maxHosts: number;
  /** Raw samples kept in memory per host. */
  readonly historyMs: number;
  /** Where the history database lives; null keeps memory only. */
  readonly dataDir: string | null;
  readonly retention: Retention;
  /** How far ahead of the hub's clock a sample may be dated before it is re-timed. */
  readonly maxClockAheadMs: number;
  /** Forget a host offline this long; undefined keeps it until deleted or past the longest retention. */
  readonly forgetOfflineAfterMs: number | undefined;
  /** Cap on the database's size in bytes; null for none. */
  readonly maxDiskBytes: number | null;
  /** How long alert events are kept (--alert-history). */
  readonly alertHistoryMs: number;
  /** The rules file (null for the default rules) and what it held at start. */
  readonly alertsFile: string | null;
  readonly alerts: AlertsConfig;
  readonly dashboardDir: string;
  /** Where the agent executables served at /download/agent/ are. */
  readonly agentDir: string;
  /** The NATS bus joining several hubs; null runs alone. */
  readonly bus: BusConfig | null;
  /** The load lab when --lab is given: its program and how long one may run. */
  readonly lab: { readonly program: string; readonly timeLimitMs: number } | null;
  readonly logLevel: LogLevel;
}

/** What the command line asks for. */
export type HubCommand =
  | { action: 'help'; text: string }
  | { action: 'version'; text: string }
  | { action: 'run'; config: HubConfig }
  /** --print-tokens: show the tokens a hub with this config uses, then exit. */
  | { action: 'printTokens'; config: HubConfig };

/** The hub's version, from its package.json. */
function hubVersion(): string {
  const pkg = JSON.parse(readFileSync(HUB_PACKAGE_JSON, 'utf8')) as { version: string };
  return pkg.version;
}

/** Whether an address only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function parseLogLevel(env: NodeJS.ProcessEnv): LogLevel {
  const text = env['LOG_LEVEL'];
  if (text === undefined || text === '') return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${text}"`);
}

/** Joins repeated `--flag value` / `--flag=value` of REPEATABLE_FLAGS into one comma-separated value. */
export function joinRepeatedFlags(argv: string[]): string[] {
  const joined = new Map<string, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = REPEATABLE_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
    if (flag === undefined || (arg === flag && i + 1 >= argv.length)) {
      rest.push(arg);
      continue;
    }
    const value = arg === flag ? argv[++i]! : arg.slice(flag.length + 1);
    joined.set(flag, [...(joined.get(flag) ?? []), value]);
  }
  return [...rest, ...[...joined].flatMap(([flag, values]) => [flag, values.join(',')])];
}

/** Splits a comma-separated list of origins and checks each; `source` names the flag. */
function parseOrigins(text: string | undefined, source: string): string[] {
  if (text === undefined) return [];
  return splitList(text).map((item) => {
    const origin = normaliseOrigin(item);
    if (origin === undefined) throw new ConfigError(`${source} must list origins such as https://ops.example.com:8443 (scheme, host, optional port, no path), got "${item}"`);
    return origin;
  });
}

/** Splits a comma-separated list of http(s) URLs and checks each; `source` names the flag. */
// What the agent installer takes in a hub URL (install.sh checks --hub against the same set).
const URL_CHARS = /^[A-Za-z0-9.:/_~%[\]-]+$/;

function parseUrls(text: string | undefined, source: string): string[] {
  if (text === undefined) return [];
  return splitList(text).map((item) => {
    const url = URL.canParse(item) ? new URL(item) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
      throw new ConfigError(`${source} must list http or https URLs such as https://hostpulse.example.com, got "${item}"`);
    }
    if (!URL_CHARS.test(url.href)) {
      throw new ConfigError(`${source}: "${item}" may hold only letters, digits and . : / _ ~ % [ ] - (no query, no fragment), since agents install from it`);
    }
    return url.href;
  });
}

/** Splits a comma-separated list of IP addresses and checks each; `source` names the flag. */
function parseAddresses(text: string | undefined, source: string): string[] {
  if (text === undefined) return [];
  return splitList(text).map((item) => {
    if (isIP(item) === 0) throw new ConfigError(`${source} must list IP addresses such as 127.0.0.1 or ::1, got "${item}"`);
    return canonicalAddress(item);
  });
}

/** Reads `raw=48h,1m=90d,1h=2y` (any subset; the rest keep their defaults); `source` names the flag. */
export function parseRetention(text: string, source: string): Retention {
  const retention: Record<Tier, number> = { ...DEFAULT_RETENTION };
  for (const part of splitList(text)) {
    const eq = part.indexOf('=');
    const tier = part.slice(0, eq) as Tier;
    if (eq < 0 || !TIERS.includes(tier)) throw new ConfigError(`${source} must list TIER=DURATION with TIER one of ${TIERS.join(', ')}, such as raw=48h,1m=90d,1h=2y; got "${part}"`);
    const ms = parseDuration(part.slice(eq + 1), `${source} ${tier}`);
    if (ms < 60_000) throw new ConfigError(`${source} ${tier} must be at least 1m, got "${part.slice(eq + 1)}"`);
    retention[tier] = ms;
  }
  return retention;
}

const SIZE_RE = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i;
const SIZE_UNITS: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3, ti: 1024 ** 4 };

/** Reads a size such as 500MB, 20GiB or 1073741824 (bytes); `source` names the flag. */
export function parseSize(text: string, source: string): number {
  const match = SIZE_RE.exec(text.trim());
  if (!match) throw new ConfigError(`${source} must be a size such as 500MB, 20GiB or a number of bytes, got "${text}"`);
  const unit = (match[2] ?? 'b').toLowerCase().replace(/b$/, '');
  const bytes = Math.floor(Number(match[1]) * (unit === '' ? 1 : SIZE_UNITS[unit]!));
  if (bytes < 1024 * 1024) throw new ConfigError(`${source} must be at least 1MiB, got "${text}"`);
  return bytes;
}

/** Reads flags, HOSTPULSE_* variables and LOG_LEVEL; throws a ConfigError naming what is wrong. */
export function readHubCommand(argv: string[], env: NodeJS.ProcessEnv): HubCommand {
  const cli = parseCli(HUB_OPTIONS, joinRepeatedFlags(argv), env);
  if (cli.action === 'help') return { action: 'help', text: formatHelp(USAGE, HUB_OPTIONS) };
  if (cli.action === 'version') return { action: 'version', text: `hostpulse-hub ${hubVersion()}\n` };
  const { port, host, agentToken, agentTokensFile, viewerToken, adminToken, allowedOrigins, publicUrl, corsOrigin, maxSocketsPerAddress, trustedProxy, maxHosts, history, dataDir, retention, maxClockAhead, forgetOfflineAfter, maxDisk, alertHistory, alertsFile, dashboardDir, agentDir, lab, labTimeLimit, nats, natsCreds, natsMaxAge, printTokens } =
    cli.options;
  // With a data dir the hub keeps an agent and an admin token of its own when none is given.
  const keepsTokens = dataDir !== 'none';
  if (natsCreds !== undefined && nats === undefined) throw new ConfigError('--nats-creds (HOSTPULSE_NATS_CREDS) needs --nats URLS (HOSTPULSE_NATS)');
  const retentionTiers = Object.freeze(parseRetention(retention, '--retention (HOSTPULSE_RETENTION)'));
  const agentHostTokens = agentTokensFile === undefined ? [] : readAgentTokensFile(agentTokensFile, '--agent-tokens-file (HOSTPULSE_AGENT_TOKENS_FILE)');
  if (agentToken === undefined && agentHostTokens.length === 0 && !keepsTokens && !isLoopback(host)) {
    throw new ConfigError(
      `--host ${host} is not a loopback address, so agents need a token, and with --data-dir none the hub keeps none of its own: ` +
        'give --data-dir DIR (the hub then makes one once and keeps it there), or --agent-token TOKEN (HOSTPULSE_AGENT_TOKEN), e.g. "$(openssl rand -hex 32)", ' +
        'or --agent-tokens-file FILE (HOSTPULSE_AGENT_TOKENS_FILE), and give agents the same with --token',
    );
  }
  if (lab && adminToken === undefined && !keepsTokens && !isLoopback(host)) {
    throw new ConfigError(
      `--lab on --host ${host}, which is not a loopback address, needs an admin token: --admin-token TOKEN (HOSTPULSE_ADMIN_TOKEN), or --data-dir DIR, where the hub keeps one of its own; ` +
        'without it anyone who reaches the hub could start a thousand simulated viewers',
    );
  }
  if (lab && !existsSync(DEFAULT_LAB_PROGRAM)) {
    throw new ConfigError(`--lab needs the lab program ${DEFAULT_LAB_PROGRAM}, which is missing: run npm run build`);
  }
  return {
    action: printTokens ? 'printTokens' : 'run',
    config: Object.freeze({
      port,
      host,
      agentToken,
      agentHostTokens: Object.freeze(agentHostTokens),
      viewerToken,
      adminToken,
      allowedOrigins: Object.freeze(parseOrigins(allowedOrigins, '--allowed-origins (HOSTPULSE_ALLOWED_ORIGINS)')),
      publicUrls: Object.freeze(parseUrls(publicUrl, '--public-url (HOSTPULSE_PUBLIC_URL)')),
      corsOrigins: Object.freeze(parseOrigins(corsOrigin, '--cors-origin (HOSTPULSE_CORS_ORIGIN)')),
      maxSocketsPerAddress,
      trustedProxies: Object.freeze(parseAddresses(trustedProxy, '--trusted-proxy (HOSTPULSE_TRUSTED_PROXY)')),
      maxHosts,
      historyMs: history,
      dataDir: dataDir === 'none' ? null : dataDir,
      retention: retentionTiers,
      maxClockAheadMs: maxClockAhead,
      forgetOfflineAfterMs: forgetOfflineAfter,
      maxDiskBytes: maxDisk === undefined ? null : parseSize(maxDisk, '--max-disk (HOSTPULSE_MAX_DISK)'),
      alertHistoryMs: alertHistory,
      alertsFile: alertsFile ?? null,
      alerts: alertsFile === undefined ? DEFAULT_ALERTS : readAlertsFile(alertsFile, retentionTiers),
      dashboardDir,
      agentDir,
      bus: nats === undefined ? null : parseBusConfig(nats, natsCreds, natsMaxAge),
      lab: lab ? Object.freeze({ program: DEFAULT_LAB_PROGRAM, timeLimitMs: labTimeLimit }) : null,
      logLevel: parseLogLevel(env),
    }),
  };
}
