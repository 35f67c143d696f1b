import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, formatHelp, LOG_LEVELS, parseCli, type LogLevel } from '@hostpulse/common';
import type { HostToken } from './agent-auth.js';
import { readAgentTokensFile } from './agent-tokens-file.js';
import { normaliseOrigin } from './origin-policy.js';

/** The built dashboard next to this package in the repository: hub/dist -> dashboard/dist. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/** The built agent next to this package in the repository: hub/dist -> agent/dist. */
export const DEFAULT_AGENT_DIR = fileURLToPath(new URL('../../agent/dist', import.meta.url));

/** The hub's flags and their HOSTPULSE_* variables. */
export const HUB_OPTIONS = {
  port: { kind: 'integer', env: 'HOSTPULSE_PORT', default: 8080, min: 0, max: 65535, valueName: 'PORT', help: 'port to listen on; 0 picks a free one' },
  host: { kind: 'string', env: 'HOSTPULSE_HOST', default: '127.0.0.1', valueName: 'ADDRESS', help: 'address to listen on' },
  agentToken: {
    kind: 'string',
    env: 'HOSTPULSE_AGENT_TOKEN',
    valueName: 'TOKEN',
    help: 'token any agent may send as "Authorization: Bearer TOKEN"; this or --agent-tokens-file is required unless listening on loopback',
  },
  agentTokensFile: {
    kind: 'string',
    env: 'HOSTPULSE_AGENT_TOKENS_FILE',
    valueName: 'FILE',
    help: 'file of per-host agent tokens, one "host-id token" a line (# comments); each token is valid only for its host id',
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
    help: 'token for changes through the API (Authorization: Bearer TOKEN), such as deleting a host; unset, such changes are refused',
  },
  allowedOrigins: {
    kind: 'string',
    env: 'HOSTPULSE_ALLOWED_ORIGINS',
    valueName: 'ORIGINS',
    help: "origins besides the hub's own whose pages may open /live, comma-separated or repeated, such as https://ops.example.com",
  },
  corsOrigin: {
    kind: 'string',
    env: 'HOSTPULSE_CORS_ORIGIN',
    valueName: 'ORIGIN',
    help: 'origin whose pages may call the API and /metrics (CORS), comma-separated or repeated; unset, no CORS headers are sent',
  },
  history: { kind: 'duration', env: 'HOSTPULSE_HISTORY', default: 3_600_000, min: 10_000, max: 7 * 86_400_000, valueName: 'DURATION', help: 'sample history kept per host, such as 15m or 1h (ms when bare)' },
  dashboardDir: { kind: 'string', env: 'HOSTPULSE_DASHBOARD_DIR', default: DEFAULT_DASHBOARD_DIR, valueName: 'DIR', help: 'directory of the built dashboard' },
  agentDir: {
    kind: 'string',
    env: 'HOSTPULSE_AGENT_DIR',
    default: DEFAULT_AGENT_DIR,
    valueName: 'DIR',
    help: 'directory of the agent executables and SHA256SUMS served at /download/agent/ for /install.sh (npm run build:sea writes them)',
  },
} as const;

/** Usage line of --help. */
export const USAGE =
  'usage: hostpulse-hub [--port PORT] [--host ADDRESS] [--agent-token TOKEN] [--agent-tokens-file FILE] [--viewer-token TOKEN]\n' +
  '                     [--admin-token TOKEN] [--allowed-origins ORIGINS] [--cors-origin ORIGIN] [--history DURATION]\n' +
  '                     [--dashboard-dir DIR] [--agent-dir DIR]';

// Options that may be given more than once; their values are joined with commas.
const REPEATABLE_FLAGS = ['--allowed-origins', '--cors-origin'];

/** The hub's configuration, parsed and frozen. */
export interface HubConfig {
  readonly port: number;
  readonly host: string;
  /** Token valid for any host id. */
  readonly agentToken: string | undefined;
  /** Tokens each valid for one host id (--agent-tokens-file). */
  readonly agentHostTokens: readonly HostToken[];
  readonly viewerToken: string | undefined;
  /** Token for changes through the API; none configured refuses them. */
  readonly adminToken: string | undefined;
  /** Origins, besides the hub's own, whose pages may open /live. */
  readonly allowedOrigins: readonly string[];
  /** Origins that get CORS headers on the API and /metrics. */
  readonly corsOrigins: readonly string[];
  readonly historyMs: number;
  readonly dashboardDir: string;
  /** Where the agent executables served at /download/agent/ are. */
  readonly agentDir: string;
  readonly logLevel: LogLevel;
}

/** What the command line asks for. */
export type HubCommand = { action: 'help'; text: string } | { action: 'version'; text: string } | { action: 'run'; config: HubConfig };

/** The hub's version, from its package.json. */
function hubVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
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
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const origin = normaliseOrigin(item);
      if (origin === undefined) throw new ConfigError(`${source} must list origins such as https://ops.example.com:8443 (scheme, host, optional port, no path), got "${item}"`);
      return origin;
    });
}

/** Reads flags, HOSTPULSE_* variables and LOG_LEVEL; throws a ConfigError naming what is wrong. */
export function readHubCommand(argv: string[], env: NodeJS.ProcessEnv): HubCommand {
  const cli = parseCli(HUB_OPTIONS, joinRepeatedFlags(argv), env);
  if (cli.action === 'help') return { action: 'help', text: formatHelp(USAGE, HUB_OPTIONS) };
  if (cli.action === 'version') return { action: 'version', text: `hostpulse-hub ${hubVersion()}\n` };
  const { port, host, agentToken, agentTokensFile, viewerToken, adminToken, allowedOrigins, corsOrigin, history, dashboardDir, agentDir } = cli.options;
  const agentHostTokens = agentTokensFile === undefined ? [] : readAgentTokensFile(agentTokensFile, '--agent-tokens-file (HOSTPULSE_AGENT_TOKENS_FILE)');
  if (agentToken === undefined && agentHostTokens.length === 0 && !isLoopback(host)) {
    throw new ConfigError(
      `--agent-token TOKEN (or HOSTPULSE_AGENT_TOKEN) or --agent-tokens-file FILE (or HOSTPULSE_AGENT_TOKENS_FILE) is required when --host ${host} is not a loopback address: ` +
        'set one, e.g. --agent-token "$(openssl rand -hex 32)", and give agents the same with --token',
    );
  }
  return {
    action: 'run',
    config: Object.freeze({
      port,
      host,
      agentToken,
      agentHostTokens: Object.freeze(agentHostTokens),
      viewerToken,
      adminToken,
      allowedOrigins: Object.freeze(parseOrigins(allowedOrigins, '--allowed-origins (HOSTPULSE_ALLOWED_ORIGINS)')),
      corsOrigins: Object.freeze(parseOrigins(corsOrigin, '--cors-origin (HOSTPULSE_CORS_ORIGIN)')),
      historyMs: history,
      dashboardDir,
      agentDir,
      logLevel: parseLogLevel(env),
    }),
  };
}
