import type { Socket } from 'node:net';
import { createHistogram, recordValue, type Histogram } from './histogram.js';
import { SeqTracker } from './seq-tracker.js';

/** What one client process measured over a window; summed across processes by the parent. */
export interface ClientReport {
  windowMs: number;
  clients: number;
  /** Clients holding an open connection at report time (push) or polling (poll). */
  connected: number;
  /** Messages (push) or HTTP responses with a body (poll). */
  frames: number;
  /** Updates delivered: new samples, or changed hosts on the overview. */
  updates: number;
  /** Seqs skipped between two updates of the same stream. */
  missing: number;
  /** Updates that repeated a seq already seen. */
  duplicates: number;
  /** Hub receive -> client receive, whole milliseconds. */
  staleness: Histogram;
  wireRxBytes: number;
  wireTxBytes: number;
  requests: number;
  notModified: number;
  errors: number;
  closeCodes: Record<string, number>;
}

/**
 * Counts what the clients of one process receive. Wire bytes come from the sockets'
 * own byte counters, so HTTP and WebSocket headers are included exactly.
 */
export class ClientMeter {
  private readonly trackers: SeqTracker[] = [];
  private staleness: Histogram = createHistogram();
  private readonly sockets = new Map<Socket, { rx: number; tx: number }>();
  private startedMs = Date.now();
  private endMs = Number.POSITIVE_INFINITY;
  /** Transport counts frozen when the window was marked closed. */
  private frozen: Pick<ClientReport, 'frames' | 'requests' | 'notModified' | 'errors' | 'wireRxBytes' | 'wireTxBytes'> | null = null;
  frames = 0;
  updates = 0;
  requests = 0;
  notModified = 0;
  errors = 0;
  closeCodes: Record<string, number> = {};

  /** A gap counter for one client; each client needs its own, since clients share hosts. */
  createTracker(): SeqTracker {
    const tracker = new SeqTracker();
    this.trackers.push(tracker);
    return tracker;
  }

  /** Starts counting a socket's bytes from where it stands now. */
  trackSocket(socket: Socket): void {
    if (!this.sockets.has(socket)) this.sockets.set(socket, { rx: socket.bytesRead, tx: socket.bytesWritten });
  }

  /**
   * Records one delivered update received at `nowMs` for a sample the hub received at
   * `hubRxMs`. Only samples the hub received inside the window count, whenever they
   * arrive: a poll answer early in the window would otherwise count an interval of earlier
   * changes, and one just after it would be missed.
   */
  recordUpdate(hubRxMs: number, nowMs: number): void {
    if (hubRxMs < this.startedMs || hubRxMs >= this.endMs) return;
    this.updates += 1;
    recordValue(this.staleness, nowMs - hubRxMs);
  }

  /** Records a closed connection by its close code. */
  recordClose(code: number): void {
    this.closeCodes[code] = (this.closeCodes[code] ?? 0) + 1;
  }

  /** Starts a new window: zeroes every count and re-bases every socket's byte counters. */
  reset(): void {
    for (const tracker of this.trackers) tracker.resetCounts();
    this.staleness = createHistogram();
    this.frames = this.updates = this.requests = this.notModified = this.errors = 0;
    this.closeCodes = {};
    for (const [socket, base] of this.sockets) {
      if (socket.destroyed) this.sockets.delete(socket);
      else Object.assign(base, { rx: socket.bytesRead, tx: socket.bytesWritten });
    }
    this.startedMs = Date.now();
    this.endMs = Number.POSITIVE_INFINITY;
    this.frozen = null;
  }

  /**
   * Closes the window: transport counts stop here, while updates for samples the hub
   * received before now still count when they arrive (the parent waits a poll interval).
   */
  mark(): void {
    this.endMs = Date.now();
    this.frozen = { ...this.transportCounts() };
  }

  private transportCounts(): NonNullable<typeof this.frozen> {
    let wireRxBytes = 0;
    let wireTxBytes = 0;
    for (const [socket, base] of this.sockets) {
      wireRxBytes += socket.bytesRead - base.rx;
      wireTxBytes += socket.bytesWritten - base.tx;
    }
    return { frames: this.frames, requests: this.requests, notModified: this.notModified, errors: this.errors, wireRxBytes, wireTxBytes };
  }

  /** The window so far. */
  report(clients: number, connected: number): ClientReport {
    const counts = this.frozen ?? this.transportCounts();
    let missing = 0;
    let duplicates = 0;
    for (const tracker of this.trackers) {
      missing += tracker.counts.missing;
      duplicates += tracker.counts.stale;
    }
    return {
      windowMs: Math.min(Date.now(), this.endMs) - this.startedMs,
      clients,
      connected,
      updates: this.updates,
      missing,
      duplicates,
      staleness: this.staleness,
      ...counts,
      closeCodes: this.closeCodes,
    };
  }
}
