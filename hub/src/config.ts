import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, formatHelp, LOG_LEVELS, parseCli, type LogLevel } from '@hostpulse/common';

/** The built dashboard next to this package in the repository: hub/dist -> dashboard/dist. */
export const DEFAULT_DASHBOARD_DIR = fileURLToPath(new URL('../../dashboard/dist', import.meta.url));

/** The hub's flags and their HOSTPULSE_* variables. */
export const HUB_OPTIONS = {
  port: { kind: 'integer', env: 'HOSTPULSE_PORT', default: 8080, min: 0, max: 65535, valueName: 'PORT', help: 'port to listen on; 0 picks a free one' },
  host: { kind: 'string', env: 'HOSTPULSE_HOST', default: '127.0.0.1', valueName: 'ADDRESS', help: 'address to listen on' },
  agentToken: {
    kind: 'string',
    env: 'HOSTPULSE_AGENT_TOKEN',
    valueName: 'TOKEN',
    help: 'token agents must send as "Authorization: Bearer TOKEN"; required unless listening on loopback',
  },
  history: { kind: 'duration', env: 'HOSTPULSE_HISTORY', default: 3_600_000, min: 10_000, max: 7 * 86_400_000, valueName: 'DURATION', help: 'sample history kept per host, such as 15m or 1h (ms when bare)' },
  dashboardDir: { kind: 'string', env: 'HOSTPULSE_DASHBOARD_DIR', default: DEFAULT_DASHBOARD_DIR, valueName: 'DIR', help: 'directory of the built dashboard' },
} as const;

/** Usage line of --help. */
export const USAGE = 'usage: hostpulse-hub [--port PORT] [--host ADDRESS] [--agent-token TOKEN] [--history DURATION] [--dashboard-dir DIR]';

/** The hub's configuration, parsed and frozen. */
export interface HubConfig {
  readonly port: number;
  readonly host: string;
  readonly agentToken: string | undefined;
  readonly historyMs: number;
  readonly dashboardDir: string;
  readonly logLevel: LogLevel;
}

/** What the command line asks for. */
export type HubCommand = { action: 'help'; text: string } | { action: 'version'; text: string } | { action: 'run'; config: HubConfig };

/** The hub's version, from its package.json. */
export function hubVersion(): string {
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

/** Reads flags, HOSTPULSE_* variables and LOG_LEVEL; throws a ConfigError naming what is wrong. */
export function readHubCommand(argv: string[], env: NodeJS.ProcessEnv): HubCommand {
  const cli = parseCli(HUB_OPTIONS, argv, env);
  if (cli.action === 'help') return { action: 'help', text: formatHelp(USAGE, HUB_OPTIONS) };
  if (cli.action === 'version') return { action: 'version', text: `hostpulse-hub ${hubVersion()}\n` };
  const { port, host, agentToken, history, dashboardDir } = cli.options;
  if (agentToken === undefined && !isLoopback(host)) {
    throw new ConfigError(`--agent-token (or HOSTPULSE_AGENT_TOKEN) is required when --host ${host} is not a loopback address`);
  }
  return {
    action: 'run',
    config: Object.freeze({ port, host, agentToken, historyMs: history, dashboardDir, logLevel: parseLogLevel(env) }),
  };
}
