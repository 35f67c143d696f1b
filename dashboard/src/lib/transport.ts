import type { HostInfo, HostProcessTable, HostSample, HostStatus, HubStats, HostSummary } from '@hostpulse/protocol';
import type { Cursor } from './series.js';
import type { Mode } from './url-state.js';

/** How a transport's link to the hub stands, for the connection indicator. */
export type ConnectionState = 'connecting' | 'live' | 'retrying' | 'stopped';

/** What the dashboard currently wants from the hub; a transport turns it into subscriptions or requests. */
export interface Watch {
  overview: boolean;
  stats: boolean;
  /** The host whose samples are wanted, and how many of its recent samples fill the window. */
  host: { hostId: string; limit: number } | null;
}

/** An overview update: every host when `full`, else only the hosts that changed. */
export interface OverviewUpdate {
  full: boolean;
  version: number;
  hubTimeMs: number;
  hosts: HostSummary[];
}

/**
 * Everything a transport reports. `samples` with `history` true answers a request
 * made without a cursor (a first load, or a longer window) and may hold samples the
 * client already has; otherwise they are the ones after the cursor.
 */
export interface TransportEvents {
  overview(update: OverviewUpdate): void;
  hostInfo(info: HostInfo): void;
  /** The hub knows no host by this id (a stale link, or an agent that never connected). */
  hostUnknown(hostId: string): void;
  samples(hostId: string, samples: HostSample[], history: boolean): void;
  /** The watched host's latest top-processes table. */
  processes(table: HostProcessTable): void;
  hostStatus(status: Omit<HostStatus, 'type'>): void;
  stats(stats: HubStats): void;
  connection(state: ConnectionState, detail?: string): void;
  /** Bytes received (headers included where the browser shows them) and requests sent. */
  traffic(bytes: number, requests: number): void;
}

/** What a transport may ask of the client it serves. */
export interface TransportContext {
  baseUrl: string;
  clientId: string;
  events: TransportEvents;
  /** The last sample held for a host, so a (re)subscription asks only for what follows. */
  cursorOf(hostId: string): Cursor | undefined;
}

/** One way of talking to the hub. The hub client runs exactly one at a time. */
export interface Transport {
  readonly mode: Mode;
  /** Opens the link and starts delivering what `watch` names. */
  start(watch: Watch): void;
  /** Changes what is wanted; a new host is loaded from its cursor, or from scratch without one. */
  setWatch(watch: Watch): void;
  /** Asks again for a host's recent samples without a cursor, when the window grew. */
  loadHistory(hostId: string, limit: number): void;
  /** Closes the link; no event follows. */
  stop(): void;
}

/** Builds a transport for a mode; the hub client's tests pass fakes. */
export type TransportFactory = (mode: Mode, intervalMs: number, context: TransportContext) => Transport;

/**
 * A hub URL below the page's base: the path is taken relative, so a dashboard served
 * under a reverse-proxy prefix (https://example/hostpulse/) asks that prefix too.
 */
export function hubUrl(baseUrl: string, path: string): URL {
  return new URL(path.replace(/^\//, ''), baseUrl);
}

/** Delay before retry `attempt` (0-based): doubling from `baseMs`, capped, with up to 20% jitter. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(raw * (0.8 + 0.2 * random()));
}
