import { rootCertificates } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { CloseCode, closeCodeName, MAX_MESSAGE_BYTES, type AgentHello, type AgentProcesses, type AgentWatched, type HubWatch, type HubWelcome } from '@hostpulse/protocol';
import { parseHubToAgentMessage } from '@hostpulse/protocol/validate';
import { UserError, type Logger } from '@hostpulse/common';
import { frameForHub } from './additive-fields.js';
import { backoffDelayMs, type BackoffOptions } from './backoff.js';
import { REPEAT_LOG_MS } from './failure-log.js';
import type { SampleBuffer } from './sample-buffer.js';

/**
 * The hub refused the token: 401 or 403 at the upgrade, or close code 4407 (a
 * per-host token used for another host id). Retrying cannot help, so the agent ends.
 */
export class TokenRefusedError extends UserError {
  constructor(reason: string) {
    super(`the hub refused the agent token (${reason}); check --token / HOSTPULSE_TOKEN`);
  }
}

/** True for an upgrade answer that means the token was refused, which ends the agent; any other answer is retried. */
export function isTokenRefusal(statusCode: number): boolean {
  return statusCode === 401 || statusCode === 403;
}

/** What the connection manager needs. Timings default to production values; tests shorten them. */
export interface ConnectionOptions {
  /** Full WebSocket URL of the hub's agent endpoint. */
  url: string;
  /** The same URL as logs may show it (no credentials). */
  displayUrl: string;
  /** Other hubs of the same cluster, tried in turn after `url` when the hub in use goes away. */
  fallbacks?: readonly HubAddress[];
  token?: string;
  /** Extra CA certificates (PEM) trusted for wss:// besides Node's bundled roots. */
  caCerts?: readonly string[];
  /** The hello sent first on every connection. */
  hello: AgentHello;
  buffer: SampleBuffer;
  log: Logger;
  /** Called once when the hub refuses the token; the manager has stopped by then. */
  onFatal: (err: TokenRefusedError) => void;
  backoff?: BackoffOptions;
  random?: () => number;
  /** A ping goes out this often; a link with no pong or message for a whole interval is dead. */
  pingIntervalMs?: number;
  /** How long the hub has to answer hello with welcome. */
  welcomeTimeoutMs?: number;
  /** A connection live this long counts as held: the next outage starts from the base delay. */
  heldMs?: number;
  /** Replay pauses while the socket holds this many unsent bytes. */
  highWaterBytes?: number;
  /** Largest reconnect delay after the hub refused the host id as held by another agent (4409). */
  conflictCapMs?: number;
  /**
   * Hub message types besides welcome this agent reads (`watch`), told to a hub whose
   * welcome lists `understands`; none when it cannot act on them (no process reporter).
   */
  understands?: readonly string[];
  /** The hub's list of processes to watch; an empty one on every new connection, until the hub gives its own. */
  onWatch?: (message: HubWatch) => void;
}

/** One hub the agent may push to. */
export interface HubAddress {
  url: string;
  /** The URL as logs may show it (no credentials). */
  displayUrl: string;
}

/** Largest reconnect delay while another agent holds this host id: such a conflict lasts until someone acts. */
export const HOST_ID_CONFLICT_CAP_MS = 5 * 60_000;

type Outage = { startMs: number; attempts: number; lastLogMs: number; conflict: boolean };

/** While stopping with samples the hub may lack, a down link is retried this often within the grace period. */
const STOP_RETRY_MS = 100;

/**
 * Owns the agent's one WebSocket to the hub and all reconnect state. On open it
 * sends hello, waits for welcome, sends every buffered sample after the hub's
 * lastSeq, then each new sample as notify() reports it. Closes and failures are
 * retried with capped exponential backoff and full jitter; only a refused token ends
 * it. A host id held by another agent (4409: a cloned VM or container keeps its
 * machine-id) is logged at warn with the way out (--host-id), and retried up to
 * HOST_ID_CONFLICT_CAP_MS apart.
 */
export class ConnectionManager {
  readonly #o: Required<Omit<ConnectionOptions, 'token' | 'backoff' | 'caCerts' | 'fallbacks'>> & Pick<ConnectionOptions, 'token' | 'backoff'>;
  /** --hub's list; the agent speaks to one at a time and moves on to the next when it goes away (issue 11). */
  readonly #hubs: readonly HubAddress[];
  #hubIndex = 0;
  /** TLS trust for wss://: undefined keeps Node's default store; a `ca` list replaces it, so the roots go in too. */
  readonly #ca: string[] | undefined;
  #ws: WebSocket | undefined;
  #live = false;
  #liveSinceMs = 0;
  #sentSeq = 0;
  #waitingDrain = false;
  #attempt = 0;
  #stopping = false;
  /** The hub refused the token: no attempt, not even a last one while stopping, can help. */
  #refused = false;
  #outage: Outage | undefined;
  /** Message types beyond hello and sample, and additive sample fields, the hub's last welcome said it takes. */
  #accepts: ReadonlySet<string> = new Set();
  /** Types already logged as not taken by the hub, so that is said once. */
  readonly #notTaken = new Set<string>();
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #welcomeTimer: NodeJS.Timeout | undefined;

  constructor(options: ConnectionOptions) {
    this.#ca = options.caCerts ? [...rootCertificates, ...options.caCerts] : undefined;
    this.#hubs = [{ url: options.url, displayUrl: options.displayUrl }, ...(options.fallbacks ?? [])];
    this.#o = {
      random: Math.random,
      pingIntervalMs: 15_000,
      welcomeTimeoutMs: 10_000,
      heldMs: 10_000,
      highWaterBytes: 1024 * 1024,
      conflictCapMs: HOST_ID_CONFLICT_CAP_MS,
      understands: [],
      onWatch: () => {},
      ...options,
    };
  }

  /** True while welcomed by the hub and streaming. */
  get isLive(): boolean {
    return this.#live;
  }

  /** Highest seq handed to the socket on the current connection. */
  get sentSeq(): number {
    return this.#sentSeq;
  }

  /** Opens the first connection; later ones follow on their own. */
  start(): void {
    this.#connect();
  }

  /** A new sample is in the buffer: send it now if the link is live. */
  notify(): void {
    this.#pump();
  }

  /**
   * Sends a message that only matters while it is the latest (a process table): now
   * when the link is live, not backed up and the hub's welcome listed its type, else
   * never, since the next one will replace it. Returns whether it went out.
   */
  sendLatest(message: AgentProcesses | AgentWatched): boolean {
    const ws = this.#ws;
    if (!ws || !this.#live || this.#waitingDrain || ws.bufferedAmount >= this.#o.highWaterBytes) return false;
    if (!this.#accepts.has(message.type)) {
      if (!this.#notTaken.has(message.type)) this.#o.log.info('the hub does not take this message type (an older hub); not sending it', { type: message.type, hub: this.#o.displayUrl });
      this.#notTaken.add(message.type);
      return false;
    }
    ws.send(JSON.stringify(message));
    return true;
  }

  /**
   * Stops reconnecting and gives the hub up to `graceMs` to take what is buffered:
   * when the link is down or not yet welcomed and samples are buffered (the hub
   * may lack them), it tries to connect at once and every STOP_RETRY_MS, skipping
   * the backoff; once live, it waits until everything is sent. Then it closes with 1000.
   */
  async stop(graceMs: number): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#reconnectTimer);
    const deadline = Date.now() + graceMs;
    while (!this.#live && !this.#refused && this.#o.buffer.size > 0 && Date.now() < deadline) {
      if (!this.#ws) this.#connect();
      await sleep(STOP_RETRY_MS);
    }
    const ws = this.#ws;
    if (!ws) return;
    if (this.#live) {
      while (Date.now() < deadline && this.#live && (this.#sentSeq < this.#o.buffer.lastSeq || ws.bufferedAmount > 0)) {
        await sleep(20);
      }
    }
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      // A hub that never answers the close handshake gets one second, then the socket is cut.
      setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000).unref();
      if (ws.readyState === WebSocket.OPEN) ws.close(CloseCode.normal, 'agent stopping');
      else ws.terminate();
    });
  }

  /** The hub in use (or being tried). */
  get #hub(): HubAddress {
    return this.#hubs[this.#hubIndex]!;
  }

  #connect(): void {
    const { token } = this.#o;
    const { url } = this.#hub;
    const ws = new WebSocket(url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      handshakeTimeout: 10_000,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      ...(this.#ca ? { ca: this.#ca } : {}),
    });
    this.#ws = ws;
    // The first cause wins: terminate() after a refusal or timeout adds an error event of its own.
    let failure: string | undefined;
    let alive = true;

    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      if (isTokenRefusal(status)) {
        ws.terminate();
        this.#refuse(`HTTP ${status}`);
        return;
      }
      failure = `hub answered the upgrade with HTTP ${status}`;
      ws.terminate();
    });
    ws.on('error', (err) => {
      failure ??= err.message || (err as NodeJS.ErrnoException).code || String(err);
    });
    ws.on('open', () => {
      ws.send(JSON.stringify(this.#o.hello));
      this.#welcomeTimer = setTimeout(() => {
        failure = `no welcome within ${this.#o.welcomeTimeoutMs} ms`;
        ws.terminate();
      }, this.#o.welcomeTimeoutMs);
      this.#pingTimer = setInterval(() => {
        if (!alive) {
          failure = `no answer to ping within ${this.#o.pingIntervalMs} ms`;
          ws.terminate();
          return;
        }
        alive = false;
        ws.ping();
      }, this.#o.pingIntervalMs);
    });
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('message', (data, isBinary) => {
      alive = true;
      const parsed = parseHubToAgentMessage(isBinary ? '' : data.toString());
      if (!parsed.ok) {
        failure = `hub sent a frame the agent cannot read (${parsed.fault}: ${parsed.detail})`;
        ws.close(CloseCode[parsed.fault === 'malformedJson' ? 'malformedJson' : 'invalidMessage']);
        return;
      }
      const message = parsed.message;
      switch (message.type) {
        case 'welcome':
          this.#welcomed(ws, message);
          break;
        case 'watch':
          this.#o.onWatch(message);
          break;
        default: {
          const unhandled: never = message;
          this.#o.log.debug('ignored hub message', { type: String((unhandled as { type: unknown }).type) });
        }
      }
    });
    ws.on('close', (code, reason) => {
      clearTimeout(this.#welcomeTimer);
      clearInterval(this.#pingTimer);
      const wasLive = this.#live;
      const heldMs = wasLive ? Date.now() - this.#liveSinceMs : 0;
      this.#live = false;
      this.#waitingDrain = false;
      if (this.#ws === ws) this.#ws = undefined;
      if (this.#stopping) return;
      if (code === CloseCode.unauthorized) {
        this.#refuse(`close code ${code}: ${reason.toString() || 'unauthorized'}`);
        return;
      }
      const name = closeCodeName(code);
      if (name) failure = `hub closed the connection: ${name} (${code})${reason.length ? ` ${reason.toString()}` : ''}`;
      if (wasLive && heldMs >= this.#o.heldMs) this.#attempt = 0;
      const conflict = code === CloseCode.hostIdConflict;
      this.#recordFailure(failure ?? `connection closed (${code})`, wasLive ? code : undefined, conflict);
      const backoff = conflict ? { ...this.#o.backoff, capMs: this.#o.conflictCapMs } : this.#o.backoff;
      const delayMs = backoffDelayMs(this.#attempt, this.#o.random, backoff);
      // The hub went away or could not be reached: the next attempt goes to the next hub of the list.
      this.#hubIndex = (this.#hubIndex + 1) % this.#hubs.length;
      this.#attempt += 1;
      this.#o.log.debug('reconnecting', { delayMs, attempt: this.#attempt });
      this.#reconnectTimer = setTimeout(() => this.#connect(), delayMs);
    });
  }

  #refuse(reason: string): void {
    this.#stopping = true;
    this.#refused = true;
    this.#o.onFatal(new TokenRefusedError(reason));
  }

  #welcomed(ws: WebSocket, welcome: HubWelcome): void {
    if (this.#live) return;
    clearTimeout(this.#welcomeTimer);
    const { buffer, log, hello } = this.#o;
    const { runId } = hello;
    // A welcome for another run (the hub's view of an earlier process) acknowledges nothing of ours.
    const lastSeq = welcome.runId === runId ? welcome.lastSeq : 0;
    this.#sentSeq = Math.min(lastSeq, buffer.lastSeq);
    this.#accepts = new Set(welcome.accepts ?? []);
    this.#live = true;
    // Watched patterns are the hub's to give on each connection: none until it does.
    this.#o.onWatch({ type: 'watch', processes: [] });
    // Only a hub that lists `understands` takes it (an older one would close the socket on it), and only then sends `watch`.
    if (this.#o.understands.length > 0 && this.#accepts.has('understands')) ws.send(JSON.stringify({ type: 'understands', types: [...this.#o.understands] }));
    this.#liveSinceMs = Date.now();
    const outage = this.#outage;
    this.#outage = undefined;
    log.info('connected', {
      hub: this.#hub.displayUrl,
      hostId: welcome.hostId,
      runId,
      lastSeq,
      toSend: buffer.lastSeq - this.#sentSeq,
      downSec: outage ? Math.round((Date.now() - outage.startMs) / 1000) : undefined,
    });
    if (buffer.size > 0 && this.#sentSeq < buffer.firstSeq - 1) {
      log.warn('samples the hub missed are no longer buffered', { fromSeq: this.#sentSeq + 1, toSeq: buffer.firstSeq - 1 });
    }
    if (ws === this.#ws) this.#pump();
  }

  /**
   * Sends buffered samples after #sentSeq in order. Once the socket holds
   * highWaterBytes unsent, it stops and resumes when that frame has been written,
   * so replaying an hour of samples never copies the whole hour into socket memory.
   */
  #pump(): void {
    const ws = this.#ws;
    if (!ws || !this.#live || this.#waitingDrain) return;
    for (let entry = this.#o.buffer.next(this.#sentSeq); entry; entry = this.#o.buffer.next(this.#sentSeq)) {
      this.#sentSeq = entry.seq;
      const frame = frameForHub(entry.frame, this.#accepts);
      if (ws.bufferedAmount + frame.length < this.#o.highWaterBytes) {
        ws.send(frame);
        continue;
      }
      this.#waitingDrain = true;
      ws.send(frame, () => {
        if (ws !== this.#ws) return;
        this.#waitingDrain = false;
        this.#pump();
      });
      return;
    }
  }

  /**
   * Logs a failed attempt or lost link: once when an outage starts, then at most
   * once a minute; a host id conflict at once when it starts, with its way out.
   */
  #recordFailure(error: string, code: number | undefined, conflict: boolean): void {
    const nowMs = Date.now();
    const { log } = this.#o;
    const { displayUrl } = this.#hub;
    if (conflict && (!this.#outage?.conflict || nowMs - this.#outage.lastLogMs >= REPEAT_LOG_MS)) {
      this.#outage ??= { startMs: nowMs, attempts: 0, lastLogMs: nowMs, conflict };
      this.#outage.attempts += 1;
      this.#outage.conflict = true;
      this.#outage.lastLogMs = nowMs;
      log.warn('host id in use by another agent', {
        hub: displayUrl,
        hostId: this.#o.hello.hostId,
        attempts: this.#outage.attempts,
        hint: 'another agent streams as this host id (a cloned VM or container keeps /etc/machine-id); start this one with its own --host-id',
        error,
      });
      return;
    }
    if (!this.#outage) {
      this.#outage = { startMs: nowMs, attempts: 1, lastLogMs: nowMs, conflict };
      if (code !== undefined) log.warn('hub connection lost', { hub: displayUrl, code, error });
      else log.warn('hub unreachable', { hub: displayUrl, error });
      return;
    }
    this.#outage.attempts += 1;
    if (nowMs - this.#outage.lastLogMs >= REPEAT_LOG_MS) {
      this.#outage.lastLogMs = nowMs;
      log.warn('hub still unreachable', {
        hub: displayUrl,
        attempts: this.#outage.attempts,
        downSec: Math.round((nowMs - this.#outage.startMs) / 1000),
        error,
      });
    }
  }
}
