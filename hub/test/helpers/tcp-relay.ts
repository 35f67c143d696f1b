import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  stalled: boolean;
}

/**
 * A TCP relay on 127.0.0.1 between an agent and the hub, so a test can break the
 * network path: `stall` makes every open connection a black hole (nothing passes
 * either way and nothing is closed, like a dead NAT entry), `refuse` cuts every
 * connection and drops new ones at once (a hub out of reach), `forward` lets new
 * connections through again.
 */
export class TcpRelay {
  readonly server: net.Server;
  readonly pairs: Pair[] = [];
  /** Connections accepted so far, forwarded or not. */
  accepted = 0;
  #mode: 'forward' | 'refuse' = 'forward';

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
      const pair: Pair = { client, upstream, stalled: false };
      this.pairs.push(pair);
      client.on('data', (data) => {
        if (!pair.stalled) upstream.write(data);
      });
      upstream.on('data', (data) => {
        if (!pair.stalled) client.write(data);
      });
      // A stalled path carries no close either: each end finds out by its own timeouts.
      client.on('close', () => {
        if (!pair.stalled) upstream.destroy();
      });
      upstream.on('close', () => {
        if (!pair.stalled) client.destroy();
      });
    });
  }

  /** Starts a relay to 127.0.0.1:`targetPort` on a free port. */
  static start(targetPort: number): Promise<TcpRelay> {
    const relay = new TcpRelay(targetPort);
    return new Promise((resolve) => relay.server.listen(0, '127.0.0.1', () => resolve(relay)));
  }

  /** The port agents connect to. */
  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
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
    for (const pair of this.pairs.splice(0)) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
