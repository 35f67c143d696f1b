import { LIVE_PATH, OVERVIEW_TOPIC, STATS_TOPIC, hostTopic, parseTopic } from '@hostpulse/protocol';
import type { LiveClientMessage, LiveServerMessage } from '@hostpulse/protocol';
import { backoffMs, hubUrl, type Transport, type TransportContext, type Watch } from './transport.js';

/** Options of the push transport; defaults suit a dashboard on a LAN. */
export interface PushOptions {
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
}

/** Bytes of a WebSocket frame header from server to client (unmasked) for a payload length. */
function frameHeaderBytes(payloadBytes: number): number {
  return payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
}

/** The hub's /live WebSocket URL for a page served from `baseUrl` (prefix kept). */
export function liveUrl(baseUrl: string): string {
  const url = hubUrl(baseUrl, LIVE_PATH);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function desiredTopics(watch: Watch): Set<string> {
  const topics = new Set<string>();
  if (watch.overview) topics.add(OVERVIEW_TOPIC);
  if (watch.stats) topics.add(STATS_TOPIC);
  if (watch.host) topics.add(hostTopic(watch.host.hostId));
  return topics;
}

/**
 * Push: one WebSocket to /live, subscriptions for what is watched, reconnect with a
 * capped backoff. After a reconnect each host topic is resubscribed with its cursor
 * (runId + afterSeq), so the snapshot holds exactly the samples missed.
 */
export function createPushTransport(context: TransportContext, options: PushOptions = {}): Transport {
  const { reconnectBaseMs = 500, reconnectMaxMs = 10_000 } = options;
  const { events } = context;
  let socket: WebSocket | null = null;
  let watch: Watch = { overview: false, stats: false, host: null };
  let subscribed = new Set<string>();
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  // Whether the host's snapshot answers a subscription made from a cursor (only what followed it).
  let snapshotFromCursor = false;

  function send(message: LiveClientMessage): void {
    socket?.send(JSON.stringify(message));
    events.traffic(0, 1);
  }

  function subscribe(topic: string, withCursor: boolean): void {
    const host = watch.host;
    if (host && topic === hostTopic(host.hostId)) {
      const cursor = withCursor ? context.cursorOf(host.hostId) : undefined;
      snapshotFromCursor = cursor !== undefined;
      send(cursor ? { type: 'subscribe', topic, runId: cursor.runId, afterSeq: cursor.lastSeq, limit: host.limit } : { type: 'subscribe', topic, limit: host.limit });
    } else {
      send({ type: 'subscribe', topic });
    }
    subscribed.add(topic);
  }

  function sync(): void {
    const wanted = desiredTopics(watch);
    for (const topic of subscribed) {
      if (wanted.has(topic)) continue;
      send({ type: 'unsubscribe', topic });
      subscribed.delete(topic);
    }
    for (const topic of wanted) if (!subscribed.has(topic)) subscribe(topic, true);
  }

  function dispatch(message: LiveServerMessage): void {
    switch (message.type) {
      case 'welcome':
        attempt = 0;
        events.connection('live');
        sync();
        return;
      case 'snapshot':
        events.hostInfo(message.host);
        events.samples(message.host.hostId, message.samples, !snapshotFromCursor || message.host.runId !== context.cursorOf(message.host.hostId)?.runId);
        return;
      case 'sample':
        events.samples(message.sample.hostId, [message.sample], false);
        return;
      case 'processes':
        events.processes(message.table);
        return;
      case 'host-status':
        events.hostStatus({ hostId: message.hostId, online: message.online, runId: message.runId, lastSeenMs: message.lastSeenMs });
        return;
      case 'overview':
        events.overview({ full: message.full, version: message.version, hubTimeMs: message.hubTimeMs, hosts: message.hosts });
        return;
      case 'stats':
        events.stats(message.stats);
        return;
      case 'error': {
        // A host the hub does not know: forget the subscription, so a later sync asks again.
        const topic = message.topic === undefined ? null : parseTopic(message.topic);
        if (topic?.kind === 'host' && message.topic !== undefined) {
          subscribed.delete(message.topic);
          events.hostUnknown(topic.hostId);
        } else {
          console.warn('hub refused a request', message.message, message.topic ?? '');
        }
        return;
      }
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  function connect(): void {
    events.connection(attempt === 0 ? 'connecting' : 'retrying');
    const ws = new WebSocket(liveUrl(context.baseUrl));
    socket = ws;
    ws.onmessage = (event: MessageEvent<unknown>) => {
      if (socket !== ws || typeof event.data !== 'string') return;
      events.traffic(event.data.length + frameHeaderBytes(event.data.length), 0);
      dispatch(JSON.parse(event.data) as LiveServerMessage);
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws || stopped) return;
      socket = null;
      subscribed = new Set();
      const delayMs = backoffMs(attempt, reconnectBaseMs, reconnectMaxMs);
      attempt += 1;
      events.connection('retrying', `closed (${event.code}); retry in ${Math.round(delayMs / 100) / 10} s`);
      retryTimer = setTimeout(connect, delayMs);
    };
  }

  return {
    mode: 'push',
    start(initial) {
      watch = initial;
      connect();
    },
    setWatch(next) {
      watch = next;
      // sync unsubscribes a topic no longer wanted (the old host's) before it subscribes the new ones.
      if (socket?.readyState === WebSocket.OPEN) sync();
    },
    loadHistory(hostId, limit) {
      if (watch.host?.hostId !== hostId) return;
      watch = { ...watch, host: { hostId, limit } };
      const topic = hostTopic(hostId);
      if (socket?.readyState !== WebSocket.OPEN || !subscribed.has(topic)) return;
      send({ type: 'unsubscribe', topic });
      subscribe(topic, false);
    },
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'transport switched');
      events.connection('stopped');
    },
  };
}
