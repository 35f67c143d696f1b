import WebSocket from 'ws';
import { AGENT_PATH, type HubWelcome } from '@hostpulse/protocol';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';
import type { ProducedRun } from './lost-samples.js';

/** Counts every soak agent adds to, shared by all agents of one process. */
export interface SoakAgentCounts {
  connects: number;
  welcomes: number;
  /** Samples sent again after a reconnect, because the hub's lastSeq was below them. */
  replayed: number;
  /** Closes the agent did not cause itself, by close code. */
  unexpectedCloses: Record<string, number>;
  errors: number;
}

/** Where a soak agent connects and how often it samples. */
export interface SoakAgentTarget {
  hubUrl: string;
  /** Other hubs of a cluster, tried in turn after hubUrl when the hub in use goes away (as the real agent's --hub list). */
  fallbackUrls?: readonly string[];
  token: string;
  intervalMs: number;
}

/** Most samples an agent buffers per run: an hour at 1 s, the real agent's default. */
const BUFFER_CAP = 3600;

/**
 * A simulated agent that behaves like the real one across drops: it keeps making
 * samples while disconnected, buffers them, and after each welcome sends those
 * after the hub's lastSeq. A restart starts a new run, as a restarted agent does.
 */
export class SoakAgent {
  host: SimulatedHost;
  readonly runs: ProducedRun[] = [];
  private buffer: string[] = [];
  private bufferFirstSeq = 1;
  private ws: WebSocket | null = null;
  private live = false;
  private sentSeq = 0;
  private retry: NodeJS.Timeout | undefined;
  private generation = 0;
  private hubIndex = 0;

  constructor(
    readonly hostId: string,
    private readonly seed: number,
    private readonly target: SoakAgentTarget,
    private readonly counts: SoakAgentCounts,
  ) {
    this.host = this.newRun();
  }

  /** Connected and welcomed. */
  get isLive(): boolean {
    return this.live;
  }

  /** Everything made so far has been handed to the socket, and the socket has written it. */
  get isFlushed(): boolean {
    return this.live && this.sentSeq === this.host.seq && this.ws !== null && this.ws.bufferedAmount === 0;
  }

  /** Makes the next sample; sends it now when live, else it waits in the buffer. */
  produce(): void {
    const frame = JSON.stringify({ type: 'sample', sample: this.host.nextSample() });
    this.buffer.push(frame);
    if (this.buffer.length > BUFFER_CAP) {
      this.buffer.shift();
      this.bufferFirstSeq += 1;
    }
    this.runs[this.runs.length - 1]!.produced = this.host.seq;
    if (this.live) this.sendThrough(this.host.seq);
  }

  /** Opens a connection (hello, welcome, replay); a close it did not ask for retries after 1 s. */
  connect(): void {
    clearTimeout(this.retry);
    this.counts.connects += 1;
    const urls = [this.target.hubUrl, ...(this.target.fallbackUrls ?? [])];
    const ws = new WebSocket(urls[this.hubIndex % urls.length] + AGENT_PATH, {
      headers: { authorization: `Bearer ${this.target.token}` },
      perMessageDeflate: false,
    });
    this.ws = ws;
    ws.on('open', () => ws.send(JSON.stringify(this.host.hello())));
    ws.once('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString('utf8')) as HubWelcome;
      if (msg.type !== 'welcome' || ws !== this.ws) return;
      this.counts.welcomes += 1;
      const lastSeq = msg.runId === this.host.runId ? msg.lastSeq : 0;
      this.sentSeq = Math.max(lastSeq, this.bufferFirstSeq - 1);
      this.live = true;
      const before = this.sentSeq;
      this.sendThrough(this.host.seq);
      this.counts.replayed += this.sentSeq - before;
    });
    ws.on('error', () => {
      this.counts.errors += 1;
    });
    ws.on('close', (code) => {
      // A socket the agent let go of itself (drop, restart, stop) is no longer this.ws.
      if (ws !== this.ws) return;
      this.ws = null;
      this.live = false;
      this.counts.unexpectedCloses[code] = (this.counts.unexpectedCloses[code] ?? 0) + 1;
      this.hubIndex += 1;
      this.retry = setTimeout(() => this.connect(), 1000);
    });
  }

  /** Drops the connection abruptly (no close frame) and comes back after `awayMs`. */
  drop(awayMs: number): void {
    this.detach()?.terminate();
    this.retry = setTimeout(() => this.connect(), awayMs);
  }

  /** Restarts as a new run: a clean close once flushed, then hello with a new run id. */
  restart(awayMs: number): void {
    this.detach()?.close(1000);
    this.host = this.newRun();
    this.retry = setTimeout(() => this.connect(), awayMs);
  }

  /** Stops retrying and closes the socket. */
  stop(): void {
    clearTimeout(this.retry);
    this.detach()?.close(1000);
  }

  private detach(): WebSocket | null {
    const ws = this.ws;
    this.ws = null;
    this.live = false;
    return ws;
  }

  private newRun(): SimulatedHost {
    const host = new SimulatedHost(this.hostId, this.target.intervalMs, this.seed + this.generation * 100_000);
    this.generation += 1;
    this.runs.push({ hostId: this.hostId, runId: host.runId, produced: 0 });
    this.buffer = [];
    this.bufferFirstSeq = 1;
    this.sentSeq = 0;
    return host;
  }

  private sendThrough(seq: number): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    while (this.sentSeq < seq) {
      const frame = this.buffer[this.sentSeq + 1 - this.bufferFirstSeq];
      if (frame === undefined) break;
      ws.send(frame);
      this.sentSeq += 1;
    }
  }
}
