import type { AgentTokenResponse, HostSample, SilenceRequest, HubInfo, HubTokenName, HubTokenRotation, PollExchange, SeriesResponse, TimeResponse } from '@hostpulse/protocol';
import { advanceCursor, cursorOfSeries, isAfterCursor, isGapAfter, type Cursor } from './cursor.js';
import type { AlertHistoryResponse } from '@hostpulse/protocol';
import { fetchAlertHistory } from './hub-requests.js';
import { addSilence, deleteHost, endSilence, fetchHubInfo, fetchPollExchanges, fetchSeriesRange, hubFetch, mintAgentToken, nameHost, readHubToken, rotateHubToken } from './hub-requests.js';
import { bestReading, offsetFromRoundTrip, type ClockReading } from './staleness.js';
import { createPollTransport } from './poll-transport.js';
import { createPushTransport } from './push-transport.js';
import { type ConnectionState, type Transport, type TransportEvents, type TransportFactory, type Watch, type WireTap } from './transport.js';
import type { Mode, TimeRange } from '../routing/url-state.js';

/**
 * What the hub client tells the dashboard's state: the transport's events, relayed,
 * with the transport's mode on `connection`. A host's `series` (its window) comes
 * first; `samples` follow it, each at most once, none already folded into the series.
 */
export interface HubListener extends Omit<TransportEvents, 'connection'> {
  connection(state: ConnectionState, mode: Mode, detail?: string): void;
  /** A better estimate of the hub's clock: add `offsetMs` to Date.now(). */
  clock(reading: ClockReading): void;
  /** Whether the hub refuses this page for want of a viewer token (HTTP 401). */
  viewerTokenNeeded(needed: boolean): void;
  /** Whether the hub refuses the name this page was opened by (HTTP 421: it needs --public-url). */
  hostNameRefused(refused: boolean): void;
}

/** Wait before asking /api/time again after it failed. */
const CLOCK_RETRY_MS = 5000;

/** Options of the hub client; everything but the listener has a default. */
export interface HubClientOptions {
  listener: HubListener;
  baseUrl?: string;
  mode?: Mode;
  intervalMs?: number;
  clientId?: string;
  createTransport?: TransportFactory;
  /** How often the clock offset is measured again. */
  clockEveryMs?: number;
  /** The wire inspector, told what crosses the push socket. */
  wire?: WireTap;
}

/**
 * A random id for this tab, sent by the poll transport so the hub counts the tab as one
 * client. Not crypto.randomUUID: that exists only in secure contexts, and a hub on a LAN
 * is often reached over plain http.
 */
export function newClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The real transports: a WebSocket for push, timed fetches for poll. */
const defaultTransportFactory: TransportFactory = (mode, intervalMs, context) =>
  mode === 'push' ? createPushTransport(context) : createPollTransport(context, { intervalMs });

/**
 * The dashboard's one link to the hub. It runs one transport at a time and keeps,
 * per host, the cursor (runId, last seq) of what was delivered (the window's newest
 * sample, then each live one): a new transport starts from it, and anything at or
 * before it is dropped, so swapping push and poll leaves no gap and no duplicate.
 * Events of a transport that was swapped out are ignored, even if a late response
 * arrives. It also makes the one-off requests (a zoomed range, deleting a host, minting a
 * token, the wire inspector's record of this tab's polls).
 */
export class HubClient {
  readonly #listener: HubListener;
  readonly #baseUrl: string;
  readonly #clientId: string;
  readonly #createTransport: TransportFactory;
  readonly #wire: WireTap | undefined;
  #clockEveryMs: number;
  readonly #cursors = new Map<string, Cursor>();
  readonly #readings: ClockReading[] = [];
  #transport: Transport | null = null;
  #mode: Mode;
  #intervalMs: number;
  #watch: Watch = { overview: true, stats: true, host: null };
  #offsetMs = 0;
  #clockTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: HubClientOptions) {
    const {
      listener,
      baseUrl = globalThis.location ? new URL('.', globalThis.location.href).href : 'http://127.0.0.1/',
      mode = 'push',
      intervalMs = 1000,
      clientId = newClientId(),
      createTransport = defaultTransportFactory,
      clockEveryMs = 300_000,
      wire,
    } = options;
    this.#wire = wire;
    this.#listener = listener;
    this.#baseUrl = baseUrl;
    this.#clientId = clientId;
    this.#createTransport = createTransport;
    this.#clockEveryMs = clockEveryMs;
    this.#mode = mode;
    this.#intervalMs = intervalMs;
  }

  /** The last sample delivered for a host. */
  cursorOf(hostId: string): Cursor | undefined {
    return this.#cursors.get(hostId);
  }

  /** Starts the current transport and the clock measurements. */
  start(watch: Watch = this.#watch): void {
    this.#watch = watch;
    this.#startTransport();
    if (this.#clockEveryMs > 0) void this.#measureClock();
  }

  /** Swaps the transport live; the new one continues from each host's cursor. */
  setTransport(mode: Mode, intervalMs: number): void {
    if (mode === this.#mode && intervalMs === this.#intervalMs && this.#transport) return;
    this.#mode = mode;
    this.#intervalMs = intervalMs;
    const old = this.#transport;
    this.#transport = null;
    old?.stop();
    this.#startTransport();
  }

  /**
   * Changes what is watched. Leaving a host forgets its cursor, so coming back loads
   * it afresh; another window of the same host is loaded afresh too.
   */
  setWatch(watch: Watch): void {
    const previous = this.#watch.host;
    const next = watch.host;
    if (previous && previous.hostId !== next?.hostId) this.#cursors.delete(previous.hostId);
    this.#watch = watch;
    this.#transport?.setWatch(watch);
    if (previous && next && previous.hostId === next.hostId && previous.windowMs !== next.windowMs) this.#reloadWindow(next.hostId);
  }

  /** Asks the transport to subscribe again to what is watched, e.g. a host that was unknown and now appeared. */
  refreshWatch(): void {
    this.#transport?.setWatch(this.#watch);
  }

  /** A host's chart lines over a fixed range (a zoom), in about `points` buckets, over HTTP whatever the transport. */
  async loadRange(hostId: string, range: TimeRange, points: number): Promise<SeriesResponse> {
    const { series, bytes } = await fetchSeriesRange(this.#baseUrl, this.#clientId, hostId, range, points);
    this.#listener.traffic(bytes, 1);
    return series;
  }

  /** Asks the hub to forget a host and its history; rejects with a HubRequestError carrying the hub's reason. */
  deleteHost(hostId: string, adminToken: string): Promise<void> {
    return deleteHost(this.#baseUrl, hostId, adminToken);
  }

  /** Gives a host a display name (null takes it away); rejects with a HubRequestError carrying the hub's reason. */
  nameHost(hostId: string, displayName: string | null, adminToken: string): Promise<void> {
    return nameHost(this.#baseUrl, hostId, displayName, adminToken);
  }

  /** Silences the alerts a request matches; rejects with a HubRequestError carrying the hub's reason. */
  addSilence(request: SilenceRequest, adminToken: string): Promise<void> {
    return addSilence(this.#baseUrl, request, adminToken);
  }

  /** Ends a silence now; rejects with a HubRequestError carrying the hub's reason. */
  endSilence(id: string, adminToken: string): Promise<void> {
    return endSilence(this.#baseUrl, id, adminToken);
  }

  /** A page of the alert history (one host's, or every host's when `hostId` is undefined), older than `before`. */
  alertHistory(hostId: string | undefined, before: number | undefined): Promise<AlertHistoryResponse> {
    return fetchAlertHistory(this.#baseUrl, hostId, before);
  }

  /** Mints an agent token for one host id; rejects with a HubRequestError carrying the hub's reason. */
  mintAgentToken(hostId: string, adminToken: string): Promise<AgentTokenResponse> {
    return mintAgentToken(this.#baseUrl, hostId, adminToken);
  }

  /** Replaces the hub's agent or admin token; rejects with a HubRequestError carrying the hub's reason. */
  rotateHubToken(name: HubTokenName, adminToken: string): Promise<HubTokenRotation> {
    return rotateHubToken(this.#baseUrl, name, adminToken);
  }

  /** How the hub is reached and what its agents need; rejects with a HubRequestError. */
  hubInfo(): Promise<HubInfo> {
    return fetchHubInfo(this.#baseUrl);
  }

  /** The hub's agent or admin token in force; rejects with a HubRequestError carrying the hub's reason. */
  hubToken(name: HubTokenName, adminToken: string): Promise<string> {
    return readHubToken(this.#baseUrl, name, adminToken);
  }

  /** This tab's last polls and the hub's answers as the hub recorded them, for the wire inspector. */
  pollExchanges(): Promise<PollExchange[]> {
    return fetchPollExchanges(this.#baseUrl, this.#clientId);
  }

  /** Stops everything; no event follows. */
  stop(): void {
    clearTimeout(this.#clockTimer);
    this.#clockEveryMs = 0;
    const old = this.#transport;
    this.#transport = null;
    old?.stop();
  }

  #startTransport(): void {
    let transport: Transport | null = null;
    // Every event checks that its transport is still the current one.
    const live = (): boolean => transport !== null && this.#transport === transport;
    const events: TransportEvents = {
      overview: (update) => live() && this.#listener.overview(update),
      hostInfo: (info) => live() && this.#listener.hostInfo(info),
      hostUnknown: (hostId) => live() && this.#listener.hostUnknown(hostId),
      series: (hostId, series) => live() && this.#deliverSeries(hostId, series),
      samples: (hostId, samples) => live() && this.#deliverSamples(hostId, samples),
      // A late table for a host no longer open is dropped here, like its samples.
      processes: (table) => live() && table.hostId === this.#watch.host?.hostId && this.#listener.processes(table),
      hostStatus: (status) => live() && this.#listener.hostStatus(status),
      stats: (stats) => live() && this.#listener.stats(stats),
      alerts: (update) => live() && this.#listener.alerts(update),
      connection: (state, detail) => live() && this.#listener.connection(state, this.#mode, detail),
      traffic: (bytes, requests) => live() && this.#listener.traffic(bytes, requests),
    };
    transport = this.#createTransport(this.#mode, this.#intervalMs, {
      baseUrl: this.#baseUrl,
      clientId: this.#clientId,
      events,
      cursorOf: (hostId) => this.#cursors.get(hostId),
      ...(this.#wire ? { wire: this.#wire } : {}),
      hubNowMs: () => Date.now() + this.#offsetMs,
    });
    this.#transport = transport;
    transport.start(this.#watch);
  }

  /** Forgets the host's cursor and has the transport load its window again. */
  #reloadWindow(hostId: string): void {
    this.#cursors.delete(hostId);
    this.#transport?.loadWindow(hostId);
  }

  #deliverSeries(hostId: string, series: SeriesResponse): void {
    // A late answer for a host no longer open must not leave a cursor behind for it.
    if (hostId !== this.#watch.host?.hostId) return;
    // The window replaces whatever was held: live samples continue after its newest one.
    const cursor = cursorOfSeries(series);
    if (cursor) this.#cursors.set(hostId, cursor);
    else this.#cursors.delete(hostId);
    this.#listener.series(hostId, series);
  }

  #deliverSamples(hostId: string, samples: readonly HostSample[]): void {
    if (hostId !== this.#watch.host?.hostId) return;
    let cursor = this.#cursors.get(hostId);
    let gap = false;
    const delivered: HostSample[] = [];
    for (const sample of samples) {
      if (!isAfterCursor(cursor, sample)) continue;
      if (cursor && isGapAfter(cursor, sample)) gap = true;
      cursor = advanceCursor(sample);
      delivered.push(sample);
    }
    if (cursor) this.#cursors.set(hostId, cursor);
    if (delivered.length > 0) this.#listener.samples(hostId, delivered);
    // Samples the hub holds went missing on the way (a long outage): the window, reloaded, has them.
    if (gap) this.#reloadWindow(hostId);
  }

  async #measureClock(): Promise<void> {
    let measured = false;
    try {
      const sentMs = Date.now();
      const res = await hubFetch(this.#baseUrl, '/api/time');
      // The one answer that tells push and poll alike that the hub wants a viewer token or another name.
      this.#listener.viewerTokenNeeded(res.status === 401);
      this.#listener.hostNameRefused(res.status === 421);
      if (res.ok) {
        const body = (await res.json()) as TimeResponse;
        this.#readings.push(offsetFromRoundTrip(sentMs, body.hubTimeMs, Date.now()));
        if (this.#readings.length > 5) this.#readings.shift();
        const best = bestReading(this.#readings);
        if (best) {
          this.#offsetMs = best.offsetMs;
          this.#listener.clock(best);
        }
        measured = true;
      }
    } catch {
      // No clock this time; the next attempt may succeed and ages use the last offset meanwhile.
    }
    // A few quick readings at first pick out a short round trip; after that, or after a failure, rarely.
    const quick = measured && this.#readings.length < 3;
    if (this.#clockEveryMs > 0) this.#clockTimer = setTimeout(() => void this.#measureClock(), quick ? 200 : measured ? this.#clockEveryMs : CLOCK_RETRY_MS);
  }
}
