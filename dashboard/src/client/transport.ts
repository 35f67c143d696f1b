import type { AlertsFrame, Handshake, HostInfo, HostProcessTable, HostSample, HostStatus, HubStats, HostSummary, SeriesResponse } from '@hostpulse/protocol';
import type { Cursor } from './cursor.js';
import type { FrameRecord } from './wire-figures.js';
import type { Mode } from '../routing/url-state.js';

/** How a transport's link to the hub stands, for the connection indicator. */
export type ConnectionState = 'connecting' | 'live' | 'retrying' | 'stopped';

/** What the dashboard currently wants from the hub; a transport turns it into subscriptions or requests. */
export interface Watch {
  overview: boolean;
  stats: boolean;
  /** The host whose chart lines are wanted: over the last `windowMs`, in about `points` buckets. */
  host: { hostId: string; windowMs: number; points: number } | null;
  /** Alerts as they change (badges, the Alerts page). */
  alerts?: boolean;
}

/** An alerts update: everything when `full` (a subscription's first frame, a poll answer), else what changed. */
export type AlertsUpdate = Omit<AlertsFrame, 'type'>;

/** An overview update: every host when `full`, else only the hosts that changed, and the ids of hosts the hub forgot. */
export interface OverviewUpdate {
  full: boolean;
  version: number;
  hubTimeMs: number;
  hosts: HostSummary[];
  removed: string[];
}

/**
 * Everything a transport reports. A host's window arrives as `series` (the hub's
 * buckets, when there is no cursor or the window changed), then `samples` continue
 * after the cursor; a transport may repeat a sample the client already holds.
 */
export interface TransportEvents {
  overview(update: OverviewUpdate): void;
  hostInfo(info: HostInfo): void;
  /** The hub knows no host by this id (a stale link, or an agent that never connected). */
  hostUnknown(hostId: string): void;
  series(hostId: string, series: SeriesResponse): void;
  samples(hostId: string, samples: HostSample[]): void;
  /** The watched host's latest top-processes table. */
  processes(table: HostProcessTable): void;
  hostStatus(status: Omit<HostStatus, 'type'>): void;
  stats(stats: HubStats): void;
  alerts(update: AlertsUpdate): void;
  connection(state: ConnectionState, detail?: string): void;
  /** Bytes received (headers included where the browser shows them) and requests sent. */
  traffic(bytes: number, requests: number): void;
}

/** Where the push transport reports what crossed its socket, for the wire inspector. */
export interface WireTap {
  opened(): void;
  frame(record: FrameRecord): void;
  handshakeReceived(handshake: Handshake): void;
  closed(code: number, reason: string, wasClean: boolean, byPage: boolean): void;
}

/** What a transport may ask of the client it serves. */
export interface TransportContext {
  baseUrl: string;
  clientId: string;
  events: TransportEvents;
  /** Told of every frame, the handshake and the close, when an inspector listens. */
  wire?: WireTap;
  /** The last sample held for a host, so a (re)subscription asks only for what follows; none: load the window. */
  cursorOf(hostId: string): Cursor | undefined;
  /** The hub's clock now, for the end of a window asked over HTTP. */
  hubNowMs(): number;
}

/** One way of talking to the hub. The hub client runs exactly one at a time. */
export interface Transport {
  readonly mode: Mode;
  /** Opens the link and starts delivering what `watch` names. */
  start(watch: Watch): void;
  /** Changes what is wanted; a new host is loaded from its cursor, or its window without one. */
  setWatch(watch: Watch): void;
  /** Loads the watched host's window afresh (the window changed, or samples went missing). */
  loadWindow(hostId: string): void;
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

/** Samples a transport asks for when it resumes after a cursor: five minutes at 1 s; a longer outage reloads the window. */
export const RESUME_LIMIT = 300;

/** Delay before retry `attempt` (0-based): doubling from `baseMs`, capped, with up to 20% jitter. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(raw * (0.8 + 0.2 * random()));
}
