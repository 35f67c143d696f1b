import type { KV } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import type { Alert } from '@hostpulse/protocol';
import { HistoryStore } from '../store/history-store.js';
import { AlertHandover } from './alert-handover.js';

interface Entry {
  key: string;
  operation: 'PUT';
  revision: number;
  string(): string;
}

/** A key-value bucket in memory: create, put and a watch that gives every key's last entry, then each new one. */
class FakeBucket {
  readonly #entries = new Map<string, Entry>();
  readonly #watchers: ((entry: Entry) => void)[] = [];
  #revision = 0;
  /** Every write fails while set: a link lost. */
  cut = false;
  /** Watches get nothing new while set: a watch lagging behind. */
  lagging = false;

  kv(): KV {
    return this as unknown as KV;
  }

  async get(key: string): Promise<Entry | null> {
    return this.#entries.get(key) ?? null;
  }

  async create(key: string, value: string): Promise<number> {
    if (this.#entries.has(key)) throw new Error('wrong last sequence: 3');
    return this.put(key, value);
  }

  async put(key: string, value: string): Promise<number> {
    if (this.cut) throw new Error('TIMEOUT');
    const entry: Entry = { key, operation: 'PUT', revision: ++this.#revision, string: () => value };
    this.#entries.set(key, entry);
    if (!this.lagging) for (const watcher of this.#watchers) watcher(entry);
    return entry.revision;
  }

  async watch(): Promise<AsyncIterable<Entry>> {
    const queue = [...this.#entries.values()];
    let wake: (() => void) | undefined;
    this.#watchers.push((entry) => {
      queue.push(entry);
      wake?.();
    });
    return (async function* () {
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    })();
  }

  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** What the entries say: each key's alert, state and who took it. */
  marks(): string[] {
    return [...this.#entries.values()].map((e) => {
      const t = JSON.parse(e.string()) as { alert: Alert; sentBy?: string; superseded?: boolean };
      return `${t.alert.hostId} ${t.alert.state} ${t.sentBy ?? 'open'}${t.superseded ? ' superseded' : ''}`;
    });
  }
}

function alert(state: 'firing' | 'resolved', activeSinceMs: number, atMs: number): Alert {
  return {
    id: 'down|web-1|', rule: 'down', metric: 'host.offline', hostId: 'web-1', labels: {}, severity: 'critical', state, threshold: null, value: state === 'firing' ? 1 : 0,
    activeSinceMs, startsAtMs: state === 'firing' ? atMs : activeSinceMs + 5000, endsAtMs: state === 'resolved' ? atMs : null, updatedMs: atMs,
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** A hub's handover on its own store; `sending` and what it delivered are the test's to read and set. */
function hub(hubId: string, store = new HistoryStore({ dataDir: null, memoryMs: 60_000 })) {
  const state = { sending: false, delivered: [] as string[] };
  const handover = new AlertHandover({
    hubId,
    store,
    sending: () => state.sending,
    deliver: (a) => state.delivered.push(`${a.hostId} ${a.state}`),
    onError: () => {},
  });
  return { handover, state, store };
}

/** Hubs X (sending) and Y on one bucket. */
async function senderAndReporter() {
  const bucket = new FakeBucket();
  const x = hub('hubX');
  const y = hub('hubY');
  x.state.sending = true;
  await x.handover.attach(bucket.kv());
  await y.handover.attach(bucket.kv());
  return { bucket, x, y };
}

describe('AlertHandover', () => {
  it('sends a change two hubs saw once, and both forget it once it is marked', async () => {
    const { bucket, x, y } = await senderAndReporter();
    const firing = alert('firing', 1000, 6000);
    y.handover.offer(firing, undefined);
    x.handover.offer(firing, undefined);
    await settle();
    expect(x.state.delivered).toEqual(['web-1 firing']);
    expect(y.state.delivered).toEqual([]);
    expect(bucket.marks()).toEqual(['web-1 firing hubX']);
    expect([x.handover.pending, y.handover.pending]).toEqual([0, 0]);
  });

  it('keeps a change seen with NATS away through a restart, and the hub that takes the lease sends it', async () => {
    const bucket = new FakeBucket();
    const y = hub('hubY');
    y.handover.offer(alert('firing', 1000, 6000), ['ops']);
    expect(y.handover.pending).toBe(1);
    // SIGKILLed and started again on the same store: the change is still pending.
    const again = hub('hubY2', y.store);
    expect(again.handover.pending).toBe(1);
    await again.handover.attach(bucket.kv());
    const x = hub('hubX');
    await x.handover.attach(bucket.kv());
    await settle();
    expect(x.state.delivered).toEqual([]);
    x.state.sending = true;
    x.handover.takeOver();
    await settle();
    expect(x.state.delivered).toEqual(['web-1 firing']);
    expect(again.handover.pending).toBe(0);
  });

  it('writes the mark of a change it queued when its link returns, and does not queue it again after a restart', async () => {
    const bucket = new FakeBucket();
    const x = hub('hubX');
    x.state.sending = true;
    await x.handover.attach(bucket.kv());
    const firing = alert('firing', 1000, 6000);
    // The link goes between the change's write and the mark.
    const put = bucket.put.bind(bucket);
    let writes = 0;
    bucket.put = async (key, value) => {
      if (++writes === 2) bucket.cut = true;
      return put(key, value);
    };
    x.handover.offer(firing, undefined);
    await settle();
    expect(x.state.delivered).toEqual(['web-1 firing']);
    expect(bucket.marks()).toEqual(['web-1 firing open']);
    const restarted = hub('hubX2', x.store);
    restarted.state.sending = true;
    bucket.cut = false;
    await restarted.handover.attach(bucket.kv());
    await settle();
    expect(restarted.state.delivered).toEqual([]);
    expect(bucket.marks()).toEqual(['web-1 firing hubX']);
    expect(restarted.handover.pending).toBe(0);
  });

  it('a hub taking the lease leaves alone a change the last sender marked, though its watch has not shown the mark yet', async () => {
    const bucket = new FakeBucket();
    const y = hub('hubY');
    await y.handover.attach(bucket.kv());
    const firing = alert('firing', 1000, 6000);
    y.handover.offer(firing, undefined);
    await settle();
    // The last sender took it and marked it; hub Y's watch lags behind.
    bucket.lagging = true;
    const key = bucket.keys()[0]!;
    await bucket.put(key, JSON.stringify({ alert: firing, sentBy: 'hubX' }));
    y.state.sending = true;
    y.handover.takeOver();
    await settle();
    expect(y.state.delivered).toEqual([]);
  });

  it('marks superseded, and does not send, a change that repeats the state last sent for its alert or is older than it', async () => {
    const { bucket, x, y } = await senderAndReporter();
    // The sender took the host for offline when it lost sight of its hub (6 s); its own hub saw it go at 7 s and come back at 14 s.
    x.handover.offer(alert('firing', 1000, 6000), undefined);
    await settle();
    y.handover.offer(alert('firing', 2000, 7000), undefined);
    y.handover.offer(alert('resolved', 2000, 14_000), undefined);
    await settle();
    // The sender sees it back when the link returns, at 23 s.
    x.handover.offer(alert('resolved', 1000, 23_000), undefined);
    await settle();
    expect(x.state.delivered).toEqual(['web-1 firing', 'web-1 resolved']);
    expect(bucket.marks().sort()).toEqual(['web-1 firing hubX', 'web-1 firing hubX superseded', 'web-1 resolved hubX', 'web-1 resolved hubX superseded']);
    expect([x.handover.pending, y.handover.pending]).toEqual([0, 0]);
  });
});
