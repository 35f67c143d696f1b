/** What uWS's WebSocket.send returns (docs/index.d.ts): queued behind backpressure, written, or dropped. */
export const SendStatus = { backpressure: 0, success: 1, dropped: 2 } as const;

/** A socket as far as its backlog goes. */
export interface Backlogged {
  getBufferedAmount(): number;
}

/** How the subscribers of a topic stand when a frame is published to it. */
export interface TopicBacklog {
  /** Subscribers with bytes still waiting: the frame queues behind them. */
  backpressured: number;
  /** Subscribers over the backpressure limit: uWS skips them, the frame never reaches them. */
  dropped: number;
}

/**
 * Which dashboard sockets hold which topics. uWS publishes without saying which
 * subscribers it skipped for backpressure; this tells, so those frames are counted
 * as dropped rather than delivered.
 */
export class LiveSubscriptions<S extends Backlogged> {
  readonly #byTopic = new Map<string, Set<S>>();

  /** `socket` subscribed to `topic`. */
  add(topic: string, socket: S): void {
    let sockets = this.#byTopic.get(topic);
    if (!sockets) {
      sockets = new Set();
      this.#byTopic.set(topic, sockets);
    }
    sockets.add(socket);
  }

  /** `socket` left `topic` (unsubscribed, or closed). */
  remove(topic: string, socket: S): void {
    const sockets = this.#byTopic.get(topic);
    if (!sockets?.delete(socket)) return;
    if (sockets.size === 0) this.#byTopic.delete(topic);
  }

  /** The backlog of `topic`'s subscribers now; one over `maxBackpressure` bytes gets nothing (uWS's rule for send and publish). */
  backlog(topic: string, maxBackpressure: number): TopicBacklog {
    const result: TopicBacklog = { backpressured: 0, dropped: 0 };
    for (const socket of this.#byTopic.get(topic) ?? []) {
      const buffered = socket.getBufferedAmount();
      if (buffered > maxBackpressure) result.dropped++;
      else if (buffered > 0) result.backpressured++;
    }
    return result;
  }
}
