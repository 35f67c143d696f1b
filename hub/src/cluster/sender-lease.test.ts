import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SENDER_MARGIN_MS, SENDER_RENEW_MS, SENDER_TTL_MS, SenderLease, type LeaseBucket } from './sender-lease.js';

/** A key-value bucket whose keys lapse SENDER_TTL_MS after their last write, as NATS keeps them, on a clock the test moves. */
class FakeBucket {
  nowMs = 0;
  #entry: { value: string; revision: number; writtenMs: number } | null = null;
  #revision = 0;
  /** How long the next write takes to reach the bucket after it was sent (a slow link). */
  delayMs = 0;

  /** What a hub reaches: nothing at all while `cut()` says so. */
  link(cut: () => boolean): LeaseBucket {
    const check = (): void => {
      if (cut()) throw new Error('TIMEOUT');
    };
    return {
      get: async () => {
        check();
        const entry = this.#live();
        return entry && { revision: entry.revision, operation: 'PUT', string: () => entry.value };
      },
      create: async (_key, value) => {
        check();
        this.#arrive();
        if (this.#live()) throw new Error('wrong last sequence');
        return this.#put(value);
      },
      update: async (_key, value, revision) => {
        check();
        this.#arrive();
        if (this.#live()?.revision !== revision) throw new Error('wrong last sequence');
        return this.#put(value);
      },
    };
  }

  /** Whose lease the bucket holds now, or null when it lapsed. */
  holder(): string | null {
    const entry = this.#live();
    return entry && (JSON.parse(entry.value) as { hubId: string }).hubId;
  }

  #arrive(): void {
    this.nowMs += this.delayMs;
    this.delayMs = 0;
  }

  #live(): { value: string; revision: number; writtenMs: number } | null {
    return this.#entry && this.nowMs - this.#entry.writtenMs < SENDER_TTL_MS ? this.#entry : null;
  }

  #put(value: string): number {
    this.#entry = { value, revision: ++this.#revision, writtenMs: this.nowMs };
    return this.#revision;
  }
}

/** A hub's lease on `bucket`, attached (its first attempt done); its renewals are the test's to make. */
async function hub(bucket: FakeBucket, hubId: string) {
  const state = { cut: false, gained: 0 };
  const lease = new SenderLease({ hubId, name: () => `${hubId}:80`, onGained: () => state.gained++, onError: () => {}, monoMs: () => bucket.nowMs, nowMs: () => bucket.nowMs });
  lease.attach(bucket.link(() => state.cut));
  await new Promise((resolve) => setImmediate(resolve));
  return { lease, state };
}

describe('SenderLease', () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => void vi.useRealTimers());

  it('a holder that cannot renew stops sending before its lease can lapse, and another hub takes it only after the lapse', async () => {
    const bucket = new FakeBucket();
    const a = await hub(bucket, 'hubA');
    const b = await hub(bucket, 'hubB');
    expect([a.lease.holds(), b.lease.holds(), a.state.gained]).toEqual([true, false, 1]);

    // Hub A's link is cut just after a renewal: the lease it wrote lapses SENDER_TTL_MS later.
    await a.lease.renew();
    const lastRenewMs = bucket.nowMs;
    a.state.cut = true;
    let aStoppedMs = -1;
    let bTookMs = -1;
    for (let t = 100; t <= 3 * SENDER_TTL_MS; t += 100) {
      bucket.nowMs = lastRenewMs + t;
      if (t % SENDER_RENEW_MS === 0) await Promise.all([a.lease.renew(), b.lease.renew()]);
      if (aStoppedMs < 0 && !a.lease.holds()) aStoppedMs = t;
      if (bTookMs < 0 && b.lease.holds()) bTookMs = t;
      expect(a.lease.holds() && b.lease.holds(), `both send at ${t} ms`).toBe(false);
      if (a.lease.holds()) expect(bucket.holder()).toBe('hubA');
    }
    expect(aStoppedMs).toBe(SENDER_TTL_MS - SENDER_MARGIN_MS);
    // B looks every SENDER_RENEW_MS: it takes the lease at its first look after the lapse, not before.
    expect(bTookMs).toBe(SENDER_TTL_MS);
    expect(bucket.holder()).toBe('hubB');
    expect(b.state.gained).toBe(1);

    // A's link returns: the lease is B's now, and A stays a non-sender.
    a.state.cut = false;
    await a.lease.renew();
    expect([a.lease.holds(), b.lease.holds()]).toEqual([false, true]);
  });

  it('counts the margin from when a renewal was sent, however late it reached the bucket', async () => {
    const bucket = new FakeBucket();
    const a = await hub(bucket, 'hubA');
    bucket.nowMs = SENDER_RENEW_MS;
    bucket.delayMs = 1500;
    await a.lease.renew();
    // Sent at SENDER_RENEW_MS, stored 1.5 s later: the stop counts from the sending.
    bucket.nowMs = SENDER_RENEW_MS + SENDER_TTL_MS - SENDER_MARGIN_MS - 1;
    expect(a.lease.holds()).toBe(true);
    bucket.nowMs += 1;
    expect(a.lease.holds()).toBe(false);
  });

  it('a holder whose link returns before the lapse renews and sends again; no other hub took it meanwhile', async () => {
    const bucket = new FakeBucket();
    const a = await hub(bucket, 'hubA');
    const b = await hub(bucket, 'hubB');
    a.state.cut = true;
    bucket.nowMs = SENDER_TTL_MS - SENDER_MARGIN_MS;
    await Promise.all([a.lease.renew(), b.lease.renew()]);
    expect([a.lease.holds(), b.lease.holds()]).toEqual([false, false]);
    a.state.cut = false;
    await a.lease.renew();
    await b.lease.renew();
    expect([a.lease.holds(), b.lease.holds(), a.state.gained]).toEqual([true, false, 2]);
  });
});
