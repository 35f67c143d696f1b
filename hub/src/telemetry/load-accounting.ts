import type { TransportStats } from '@hostpulse/protocol';

/** The two ways a dashboard gets data. */
export type Transport = 'push' | 'poll';

/** A polling client counts as connected this long after its last request. */
export const POLL_CLIENT_WINDOW_MS = 5000;

type Totals = TransportStats['totals'];

const emptyTotals = (): Totals => ({ requests: 0, notModified: 0, frames: 0, dropped: 0, backpressured: 0, payloadBytes: 0, wireBytes: 0 });

/** Turns a growing total into a per-second rate between two `update` calls. */
export class RateMeter {
  #lastTotal = 0;
  #lastMs: number;
  /** Rate over the last update interval, per second. */
  perSec = 0;

  constructor(startMs: number) {
    this.#lastMs = startMs;
  }

  /** Recomputes the rate from the total now. */
  update(total: number, nowMs: number): void {
    const elapsedSec = (nowMs - this.#lastMs) / 1000;
    if (elapsedSec <= 0) return;
    this.perSec = (total - this.#lastTotal) / elapsedSec;
    this.#lastTotal = total;
    this.#lastMs = nowMs;
  }
}

class TransportCounter {
  readonly totals = emptyTotals();
  readonly rates = emptyTotals();
  #previous = emptyTotals();
  #previousMs: number;

  constructor(startMs: number) {
    this.#previousMs = startMs;
  }

  tick(nowMs: number): void {
    const elapsedSec = (nowMs - this.#previousMs) / 1000;
    if (elapsedSec <= 0) return;
    for (const key of Object.keys(this.totals) as (keyof Totals)[]) {
      this.rates[key] = (this.totals[key] - this.#previous[key]) / elapsedSec;
    }
    this.#previous = { ...this.totals };
    this.#previousMs = nowMs;
  }

  stats(clients: number): TransportStats {
    const share = this.rates.requests > 0 ? Math.min(1, this.rates.notModified / this.rates.requests) : 0;
    return {
      clients,
      requestsPerSec: this.rates.requests,
      notModifiedPerSec: this.rates.notModified,
      notModifiedShare: share,
      framesPerSec: this.rates.frames,
      droppedPerSec: this.rates.dropped,
      payloadBytesPerSec: this.rates.payloadBytes,
      wireBytesPerSec: this.rates.wireBytes,
      totals: { ...this.totals },
    };
  }
}

/**
 * What each transport costs the hub: requests, 304s, frames (delivered or queued),
 * frames dropped for backpressure, payload and wire bytes as totals, and
 * per-second rates over the interval between `tick`s.
 * Payload bytes are the bodies the hub sends; wire bytes add every header and
 * the bytes clients send.
 */
export class LoadAccounting {
  readonly #counters: Record<Transport, TransportCounter>;
  readonly #pollClients = new Map<string, number>();
  readonly #nowMs: () => number;

  constructor(nowMs: () => number = Date.now) {
    this.#nowMs = nowMs;
    const start = nowMs();
    this.#counters = { push: new TransportCounter(start), poll: new TransportCounter(start) };
  }

  /** A request (HTTP request, or a message a dashboard sent) of `wireBytes` arrived. */
  recordRequest(transport: Transport, wireBytes: number): void {
    const totals = this.#counters[transport].totals;
    totals.requests++;
    totals.wireBytes += wireBytes;
  }

  /** `count` frames (WebSocket messages, or HTTP responses with a body) went out. */
  recordFrames(transport: Transport, count: number, payloadBytes: number, wireBytes: number): void {
    const totals = this.#counters[transport].totals;
    totals.frames += count;
    totals.payloadBytes += payloadBytes * count;
    totals.wireBytes += wireBytes * count;
  }

  /** `count` frames were dropped (their socket was over its backpressure limit): never delivered, so not among the frames. */
  recordDropped(transport: Transport, count: number): void {
    this.#counters[transport].totals.dropped += count;
  }

  /** `count` of the frames recorded went out behind a backlog (uWS queued them); they count as frames too. */
  recordBackpressured(transport: Transport, count: number): void {
    this.#counters[transport].totals.backpressured += count;
  }

  /** A response with no body went out; `notModified` when it was a 304. */
  recordBodiless(transport: Transport, wireBytes: number, notModified: boolean): void {
    const totals = this.#counters[transport].totals;
    if (notModified) totals.notModified++;
    totals.wireBytes += wireBytes;
  }

  /** Bytes that are neither request nor frame, such as a WebSocket handshake. */
  recordWire(transport: Transport, wireBytes: number): void {
    this.#counters[transport].totals.wireBytes += wireBytes;
  }

  /** A polling client (its client id header, or its address) made a request. */
  seePollClient(clientId: string): void {
    this.#pollClients.set(clientId, this.#nowMs());
  }

  /** Distinct polling clients seen in the last POLL_CLIENT_WINDOW_MS. */
  pollClients(): number {
    const cutoff = this.#nowMs() - POLL_CLIENT_WINDOW_MS;
    for (const [id, seenMs] of this.#pollClients) {
      if (seenMs < cutoff) this.#pollClients.delete(id);
    }
    return this.#pollClients.size;
  }

  /** Closes a rate interval: rates now cover the time since the previous tick. */
  tick(): void {
    const now = this.#nowMs();
    this.#counters.push.tick(now);
    this.#counters.poll.tick(now);
  }

  /** Both transports' figures; push clients are the open /live sockets, counted by the caller. */
  stats(pushClients: number): { push: TransportStats; poll: TransportStats } {
    return { push: this.#counters.push.stats(pushClients), poll: this.#counters.poll.stats(this.pollClients()) };
  }
}
