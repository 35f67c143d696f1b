import type { HostSample, TimeResponse } from '@hostpulse/protocol';
import { advanceCursor, isAfterCursor, type Cursor } from './series.js';
import { bestReading, offsetFromRoundTrip, type ClockReading } from './staleness.js';
import { createPollTransport } from './poll-transport.js';
import { createPushTransport } from './push-transport.js';
import { hubUrl, type ConnectionState, type Transport, type TransportEvents, type TransportFactory, type Watch } from './transport.js';
import type { Mode } from './url-state.js';

/**
 * What the hub client tells the dashboard's state: the transport's events, relayed,
 * with the transport's mode on `connection`. Samples reach it at most once each, save
 * `history` batches, which may reach back before samples already delivered.
 */
export interface HubListener extends Omit<TransportEvents, 'connection'> {
  connection(state: ConnectionState, mode: Mode, detail?: string): void;
  /** A better estimate of the hub's clock: add `offsetMs` to Date.now(). */
  clock(reading: ClockReading): void;
  /** Whether the hub refuses this page for want of a viewer token (HTTP 401). */
  viewerTokenNeeded(needed: boolean): void;
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
 * per host, the cursor (runId, last seq) of the samples already delivered: a new
 * transport starts from it, and anything at or before it is dropped, so swapping
 * push and poll leaves no gap and no duplicate. Events of a transport that was
 * swapped out are ignored, even if a late response arrives.
 */
export class HubClient {
  readonly #listener: HubListener;
  readonly #baseUrl: string;
  readonly #clientId: string;
  readonly #createTransport: TransportFactory;
  #clockEveryMs: number;
  readonly #cursors = new Map<string, Cursor>();
  readonly #readings: ClockReading[] = [];
  #transport: Transport | null = null;
  #mode: Mode;
  #intervalMs: number;
  #watch: Watch = { overview: true, stats: true, host: null };
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
    } = options;
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

  /** Changes what is watched. Leaving a host forgets its cursor: coming back loads it afresh. */
  setWatch(watch: Watch): void {
    const previous = this.#watch.host?.hostId;
    if (previous !== undefined && previous !== watch.host?.hostId) this.#cursors.delete(previous);
    this.#watch = watch;
    this.#transport?.setWatch(watch);
  }

  /** Asks the transport to subscribe again to what is watched, e.g. a host that was unknown and now appeared. */
  refreshWatch(): void {
    this.#transport?.setWatch(this.#watch);
  }

  /** Asks for a longer history of the watched host (the window grew). */
  loadHistory(hostId: string, limit: number): void {
    if (this.#watch.host?.hostId === hostId) this.#watch = { ...this.#watch, host: { hostId, limit } };
    this.#transport?.loadHistory(hostId, limit);
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
      samples: (hostId, samples, history) => live() && this.#deliverSamples(hostId, samples, history),
      // A late table for a host no longer open is dropped here, like its samples.
      processes: (table) => live() && table.hostId === this.#watch.host?.hostId && this.#listener.processes(table),
      hostStatus: (status) => live() && this.#listener.hostStatus(status),
      stats: (stats) => live() && this.#listener.stats(stats),
      connection: (state, detail) => live() && this.#listener.connection(state, this.#mode, detail),
      traffic: (bytes, requests) => live() && this.#listener.traffic(bytes, requests),
    };
    transport = this.#createTransport(this.#mode, this.#intervalMs, {
      baseUrl: this.#baseUrl,
      clientId: this.#clientId,
      events,
      cursorOf: (hostId) => this.#cursors.get(hostId),
    });
    this.#transport = transport;
    transport.start(this.#watch);
  }

  #deliverSamples(hostId: string, samples: readonly HostSample[], history: boolean): void {
    // A late answer for a host no longer open must not leave a cursor behind for it.
    if (hostId !== this.#watch.host?.hostId) return;
    let cursor = this.#cursors.get(hostId);
    const delivered: HostSample[] = [];
    for (const sample of samples) {
      if (isAfterCursor(cursor, sample)) {
        cursor = advanceCursor(sample);
        delivered.push(sample);
      } else if (history) {
        delivered.push(sample);
      }
    }
    if (cursor) this.#cursors.set(hostId, cursor);
    if (delivered.length > 0) this.#listener.samples(hostId, delivered, history);
  }

  async #measureClock(): Promise<void> {
    let measured = false;
    try {
      const sentMs = Date.now();
      const res = await fetch(hubUrl(this.#baseUrl, '/api/time'), { cache: 'no-store' });
      // The one answer that tells push and poll alike that the hub wants a viewer token.
      this.#listener.viewerTokenNeeded(res.status === 401);
      if (res.ok) {
        const body = (await res.json()) as TimeResponse;
        this.#readings.push(offsetFromRoundTrip(sentMs, body.hubTimeMs, Date.now()));
        if (this.#readings.length > 5) this.#readings.shift();
        const best = bestReading(this.#readings);
        if (best) this.#listener.clock(best);
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
