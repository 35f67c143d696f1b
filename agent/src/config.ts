import { readFileSync } from 'node:fs';
import os from 'node:os';
import { AGENT_PATH, isValidHostId, type Tags } from '@hostpulse/protocol';
import { ConfigError, LOG_LEVELS, parseCli, splitList, type LogLevel } from '@hostpulse/common';
import { readCaCerts } from './ca-file.js';
import type { TotalsRule } from './collectors/device-totals.js';
import { defaultHostId } from './host-id.js';
import { parseTags } from './tags.js';

/** The agent's flags; each also reads the HOSTPULSE_* variable named beside it. */
export const AGENT_OPTIONS = {
  hub: { kind: 'string', env: 'HOSTPULSE_HUB', default: 'ws://127.0.0.1:8080', valueName: 'URL', help: 'hub to push to, ws:// or wss://, or several comma-separated hubs of one cluster: the agent uses one at a time and, when it goes away, tries the next in turn with backoff; the agent connects to <hub>/agent' },
  token: { kind: 'string', env: 'HOSTPULSE_TOKEN', valueName: 'TOKEN', help: 'agent token the hub expects, sent as a Bearer header' },
  ca: { kind: 'string', env: 'HOSTPULSE_CA', valueName: 'FILE', help: 'PEM file of CA certificates to trust for a wss:// hub, besides the bundled public CAs' },
  interval: { kind: 'integer', env: 'HOSTPULSE_INTERVAL', default: 1000, min: 100, max: 3_600_000, valueName: 'MS', help: 'sampling interval in milliseconds' },
  hostId: { kind: 'string', env: 'HOSTPULSE_HOST_ID', valueName: 'ID', help: 'host id (default: hostname plus a hash of /etc/machine-id)' },
  pingInterval: { kind: 'duration', env: 'HOSTPULSE_PING_INTERVAL', default: 15_000, min: 100, max: 600_000, valueName: 'DURATION', help: 'how often to ping the hub; a link with no answer for a whole interval is cut and reconnected (15s, 500ms, or bare milliseconds)' },
  processesEvery: { kind: 'duration', env: 'HOSTPULSE_PROCESSES_EVERY', default: 5000, min: 0, max: 3_600_000, valueName: 'DURATION', help: 'how often to send the top processes and their cgroups, and the processes alert rules watch (Linux; read from /proc): 5s, 1m, or 0 to turn both off' },
  tags: { kind: 'string', env: 'HOSTPULSE_TAGS', valueName: 'K=V,...', help: 'tags for this host, shown and filterable on the dashboard, such as role=db,env=prod (at most 16)' },
  netInclude: { kind: 'string', env: 'HOSTPULSE_NET_INCLUDE', valueName: 'REGEX', help: 'interfaces that count toward the network totals, by whole name, in place of the physical ones (default: every interface not under /sys/devices/virtual/net, so no bridge, veth, bond, VLAN, tunnel or loopback); each interface keeps its own series either way' },
  netExclude: { kind: 'string', env: 'HOSTPULSE_NET_EXCLUDE', valueName: 'REGEX', help: 'interfaces left out of the network totals, by whole name, after --net-include or the default' },
  diskInclude: { kind: 'string', env: 'HOSTPULSE_DISK_INCLUDE', valueName: 'REGEX', help: 'block devices that count toward the disk totals, by whole name, in place of the physical ones (default: every disk not under /sys/devices/virtual/block and not stacked on others, so no dm-*, md*, zram*); each device keeps its own series either way' },
  diskExclude: { kind: 'string', env: 'HOSTPULSE_DISK_EXCLUDE', valueName: 'REGEX', help: 'block devices left out of the disk totals, by whole name, after --disk-include or the default' },
  buffer: { kind: 'duration', env: 'HOSTPULSE_BUFFER', default: 3_600_000, min: 1000, max: 7 * 24 * 3_600_000, valueName: 'DURATION', help: 'how much history to keep for a hub that was away: 1h, 30m, 90s, or bare milliseconds' },
} as const;

/** The agent's settings, parsed and checked once at start-up. */
export interface AgentConfig {
  /** WebSocket URL of the hub's agent endpoint. */
  agentUrl: string;
  /** The same URL without any user:password, for logs. */
  displayUrl: string;
  /** The other hubs of --hub's list, in order, tried in turn when the one in use goes away. */
  fallbackHubs: readonly { agentUrl: string; displayUrl: string }[];
  /** Extra CA certificates (PEM) from --ca, trusted besides Node's bundled roots. */
  caCerts: readonly string[] | undefined;
  token: string | undefined;
  intervalMs: number;
  hostId: string;
  bufferMs: number;
  /** A ping goes out this often; a link silent for a whole interval is dead. */
  pingIntervalMs: number;
  /** How often the top processes are sent; 0 when off. */
  processesEveryMs: number;
  /** The host's tags from --tags; empty without. */
  tags: Readonly<Tags>;
  /** Interfaces counted in the network totals (--net-include, --net-exclude). */
  netTotals: Readonly<TotalsRule>;
  /** Block devices counted in the disk totals (--disk-include, --disk-exclude). */
  diskTotals: Readonly<TotalsRule>;
  /** Samples the buffer holds: bufferMs / intervalMs. */
  bufferSamples: number;
  logLevel: LogLevel;
}

/** What the command line asks for. */
export type AgentCommand = { action: 'help' } | { action: 'version' } | { action: 'run'; config: Readonly<AgentConfig> };

/** Where config reads the machine's identity; tests pass their own. */
export interface HostIdentity {
  hostname: () => string;
  machineId: () => string | undefined;
}

const realIdentity: HostIdentity = {
  hostname: () => os.hostname(),
  machineId: () => {
    try {
      return readFileSync('/etc/machine-id', 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** Turns --hub into the agent endpoint URL; anything but ws:// or wss:// is a ConfigError naming --hub. */
export function agentUrlOf(hub: string): { agentUrl: string; displayUrl: string } {
  let url: URL;
  try {
    url = new URL(hub);
  } catch (err) {
    throw new ConfigError(`--hub must be a ws:// or wss:// URL, got "${hub}"`, { cause: err });
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new ConfigError(`--hub must be a ws:// or wss:// URL, got "${hub}"`);
  }
  if (url.search || url.hash) throw new ConfigError(`--hub must not carry a query or fragment, got "${hub}"`);
  // A path is kept (a reverse proxy may serve the hub under one); /agent goes after it.
  url.pathname = url.pathname.replace(/\/+$/, '') + AGENT_PATH;
  const agentUrl = url.toString();
  url.username = '';
  url.password = '';
  return { agentUrl, displayUrl: url.toString() };
}

/** A --net-include style flag as a regular expression matching whole names; a ConfigError naming the flag when it is none. */
export function nameRegex(flag: string, value: string | undefined): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    new RegExp(value);
  } catch (err) {
    throw new ConfigError(`${flag} must be a regular expression, got "${value}": ${(err as Error).message}`, { cause: err });
  }
  return new RegExp(`^(?:${value})$`);
}

/** Reads flags and environment into the agent's config. `env` is the only place variables are read. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv, identity: HostIdentity = realIdentity): AgentCommand {
  const cli = parseCli(AGENT_OPTIONS, argv, env);
  if (cli.action !== 'run') return cli;
  const o = cli.options;
  const logLevel = env['LOG_LEVEL'] || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const hostId = o.hostId ?? defaultHostId(identity.hostname(), identity.machineId());
  if (!isValidHostId(hostId)) {
    throw new ConfigError(`--host-id must be 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit, got "${hostId}"`);
  }
  if (o.buffer < o.interval) throw new ConfigError(`--buffer must be at least one interval (${o.interval} ms)`);
  // Reading every process costs a few milliseconds of CPU; more than once a second buys nothing.
  if (o.processesEvery > 0 && o.processesEvery < 1000) throw new ConfigError(`--processes-every must be 0 (off) or at least 1s, got ${o.processesEvery} ms`);
  const [urls, ...fallbackHubs] = splitList(o.hub).map(agentUrlOf);
  if (!urls) throw new ConfigError('--hub must name at least one ws:// or wss:// URL');
  // A CA file with ws:// would suggest an encryption that is not there.
  for (const hub of [urls, ...fallbackHubs]) {
    if (o.ca !== undefined && !hub.agentUrl.startsWith('wss:')) throw new ConfigError(`--ca applies to a wss:// --hub only, got "${hub.displayUrl}"`);
  }
  return {
    action: 'run',
    config: Object.freeze({
      ...urls,
      fallbackHubs: Object.freeze(fallbackHubs),
      caCerts: o.ca === undefined ? undefined : Object.freeze(readCaCerts(o.ca)),
      token: o.token,
      intervalMs: o.interval,
      hostId,
      bufferMs: o.buffer,
      pingIntervalMs: o.pingInterval,
      processesEveryMs: o.processesEvery,
      tags: Object.freeze(o.tags === undefined ? {} : parseTags(o.tags)),
      netTotals: Object.freeze({ include: nameRegex('--net-include', o.netInclude), exclude: nameRegex('--net-exclude', o.netExclude) }),
      diskTotals: Object.freeze({ include: nameRegex('--disk-include', o.diskInclude), exclude: nameRegex('--disk-exclude', o.diskExclude) }),
      bufferSamples: Math.ceil(o.buffer / o.interval),
      logLevel: logLevel as LogLevel,
    }),
  };
}
