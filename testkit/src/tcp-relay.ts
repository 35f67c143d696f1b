import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  stalled: boolean;
  /** Bytes from upstream waiting for the throttle. */
  queue: Buffer[];
  queued: number;
}

// The throttle releases bytes this often; upstream is paused while this much waits.
const THROTTLE_TICK_MS = 10;
const THROTTLE_QUEUE_BYTES = 64 * 1024;

/**
 * A TCP relay on 127.0.0.1 between a client (an agent, a dashboard) and the hub,
 * so a test or the bench can break the network path: `stall` makes every open
 * connection a black hole (nothing passes either way and nothing is closed, like
 * a dead NAT entry), `refuse` cuts every connection and drops new ones at once (a
 * hub out of reach), `forward` lets new connections through again. `throttle`
 * slows what the hub sends to a given rate (a slow link); rate 0 stops reading
 * from the hub at all, so its buffers fill as behind a client that does not read.
 */
export class TcpRelay {
  readonly server: net.Server;
  readonly pairs: Pair[] = [];
  /** Connections accepted so far, forwarded or not. */
  accepted = 0;
  #mode: 'forward' | 'refuse' = 'forward';
  /** Bytes per second from upstream to client; null for no limit. */
  #rate: number | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  private constructor(targetPort: number) {
    this.server = net.createServer((client) => {
      this.accepted++;
      client.on('error', () => {});
      if (this.#mode === 'refuse') {
        client.destroy();
        return;
      }
      const upstream = net.connect(targetPort, '127.0.0.1');
      upstream.on('error', () => {});
      const pair: Pair = { client, upstream, stalled: false, queue: [], queued: 0 };
      this.pairs.push(pair);
      client.on('data', (data) => {
        if (!pair.stalled) upstream.write(data);
      });
      upstream.on('data', (data) => {
        if (pair.stalled) return;
        if (this.#rate === null && pair.queued === 0) {
          client.write(data);
          return;
        }
        pair.queue.push(data);
        pair.queued += data.length;
        if (pair.queued >= THROTTLE_QUEUE_BYTES) upstream.pause();
      });
      if (this.#rate === 0) upstream.pause();
      // A stalled path carries no close either: each end finds out by its own timeouts.
      client.on('close', () => {
        if (!pair.stalled) upstream.destroy();
      });
      upstream.on('close', () => {
        if (!pair.stalled) client.destroy();
      });
    });
  }

  /**
   * Starts a relay to 127.0.0.1:`targetPort` on a free port of `host`: loopback, or
   * the address of a link a test made to a network namespace of its own.
   */
  static start(targetPort: number, host = '127.0.0.1'): Promise<TcpRelay> {
    const relay = new TcpRelay(targetPort);
    return new Promise((resolve) => relay.server.listen(0, host, () => resolve(relay)));
  }

  /** The port agents connect to. */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /**
   * Limits what upstream sends to each client to `bytesPerSec` (null lifts the
   * limit). Upstream is read only as fast as that, so the sender's buffers fill.
   */
  throttle(bytesPerSec: number | null): void {
    this.#rate = bytesPerSec;
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const pair of this.pairs) {
      if (bytesPerSec === 0) pair.upstream.pause();
      else pair.upstream.resume();
    }
    if (bytesPerSec === null || bytesPerSec === 0) {
      for (const pair of this.pairs) this.#release(pair, Infinity);
      return;
    }
    this.#timer = setInterval(() => {
      for (const pair of this.pairs) this.#release(pair, (bytesPerSec * THROTTLE_TICK_MS) / 1000);
    }, THROTTLE_TICK_MS);
  }

  /** Passes up to `budget` queued bytes to the client, resuming upstream once the queue is short. */
  #release(pair: Pair, budget: number): void {
    let left = budget;
    while (pair.queue.length > 0 && left > 0) {
      const head = pair.queue[0]!;
      const take = Math.min(head.length, Math.floor(left) || 1);
      pair.client.write(head.subarray(0, take));
      left -= take;
      pair.queued -= take;
      if (take === head.length) pair.queue.shift();
      else pair.queue[0] = head.subarray(take);
    }
    if (pair.queued < THROTTLE_QUEUE_BYTES && this.#rate !== 0) pair.upstream.resume();
  }

  /** Every open connection stops carrying bytes, in both directions, without a close. */
  stall(): void {
    for (const pair of this.pairs) pair.stalled = true;
  }

  /** Cuts every connection and drops new ones until `forward`. */
  refuse(): void {
    this.#mode = 'refuse';
    for (const pair of this.pairs.splice(0)) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
  }

  /** Forwards new connections again. */
  forward(): void {
    this.#mode = 'forward';
  }

  /** Stops listening and destroys every connection. */
  close(): Promise<void> {
    clearInterval(this.#timer);
    for (const pair of this.pairs.splice(0)) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
