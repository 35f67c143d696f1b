import WebSocket from 'ws';

/** A parsed message with its type, as every hostpulse message has one. */
export type AnyMessage = { type: string } & Record<string, unknown>;

/** How a socket closed. */
export interface Closed {
  code: number;
  reason: string;
}

/** A WebSocket client that keeps every message it receives so tests can wait for one. */
export class TestSocket {
  readonly ws: WebSocket;
  readonly messages: AnyMessage[] = [];
  readonly closed: Promise<Closed>;
  #waiters = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as AnyMessage);
      for (const check of [...this.#waiters]) check();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a socket and resolves once it is open. */
  static open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  /** Sends a value as JSON text. */
  send(value: unknown): void {
    this.ws.send(JSON.stringify(value));
  }

  /** Resolves with the first message (after `from`) matching `match`. */
  next(match: (msg: AnyMessage) => boolean, { timeoutMs = 10_000, from = 0 } = {}): Promise<AnyMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no matching message within ${timeoutMs} ms; got types ${this.messages.map((m) => m.type).join(',')}`));
      }, timeoutMs);
      const check = () => {
        const found = this.messages.slice(from).find(match);
        if (!found) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(found);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Resolves once `count` messages matching `match` have arrived. */
  async collect(match: (msg: AnyMessage) => boolean, count: number, timeoutMs = 15_000): Promise<AnyMessage[]> {
    await this.next(() => this.messages.filter(match).length >= count, { timeoutMs });
    return this.messages.filter(match).slice(0, count);
  }

  /** Closes the socket. */
  close(): void {
    this.ws.close();
  }
}

/** The HTTP status an upgrade attempt was refused with, or 101 when it succeeded. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}
