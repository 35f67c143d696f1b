import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@hostpulse/testkit/waits';

/** One POST (or other request) a receiver took. */
export interface ReceivedPost {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  receivedMs: number;
}

/** A webhook receiver on loopback that keeps every request and answers 204. */
export class WebhookReceiver {
  readonly posts: ReceivedPost[];
  readonly port: number;
  readonly #server: http.Server;

  private constructor(server: http.Server, port: number, posts: ReceivedPost[]) {
    this.#server = server;
    this.port = port;
    this.posts = posts;
  }

  /** Listens on 127.0.0.1:`port` (0 picks a free one). */
  static start(port = 0): Promise<WebhookReceiver> {
    const posts: ReceivedPost[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        posts.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, receivedMs: Date.now() });
        res.writeHead(204).end();
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(new WebhookReceiver(server, (server.address() as AddressInfo).port, posts)));
    });
  }

  /** Resolves once `count` posts matching `match` have arrived. */
  waitFor(match: (post: ReceivedPost) => boolean, count = 1, timeoutMs = 20_000): Promise<ReceivedPost[]> {
    return waitFor(() => this.posts.filter(match), (found) => found.length >= count, { timeout: timeoutMs, interval: 50, message: `${count} matching posts`, explain: () => `got ${this.posts.length} posts` });
  }

  /** Stops listening and drops open connections. */
  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
