import { describe, expect, it } from 'vitest';
import { AddressBuckets, agentBucketShape, RATE_LIMIT_MAX_PER_SEC, RATE_LIMIT_SLACK_FRAMES, TokenBucket } from './rate-limit.js';

const HOUR_MS = 3_600_000;

describe('agentBucketShape', () => {
  it('allows a replay of the whole history window at once, and twice the announced rate after it', () => {
    expect(agentBucketShape(HOUR_MS, 1000)).toEqual({ capacity: 3600 + RATE_LIMIT_SLACK_FRAMES, refillPerSec: 2 });
    expect(agentBucketShape(HOUR_MS, 100)).toEqual({ capacity: 36_000 + RATE_LIMIT_SLACK_FRAMES, refillPerSec: RATE_LIMIT_MAX_PER_SEC });
    expect(agentBucketShape(HOUR_MS, 3_600_000)).toEqual({ capacity: 1 + RATE_LIMIT_SLACK_FRAMES, refillPerSec: 1 });
    // An agent announcing an absurdly short interval gets no more than the fastest real agent.
    expect(agentBucketShape(HOUR_MS, 1).refillPerSec).toBe(RATE_LIMIT_MAX_PER_SEC);
  });
});

describe('TokenBucket', () => {
  it('spends a full burst, refuses the next frame, and refills with time up to its capacity', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSec: 2 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(400)).toBe(false);
    expect(bucket.take(500)).toBe(true);
    expect(bucket.available(60_000)).toBe(3);
  });

  it('keeps what is left when reshaped, within the new capacity', () => {
    const bucket = new TokenBucket({ capacity: 10, refillPerSec: 1 }, 0);
    for (let i = 0; i < 8; i++) bucket.take(0);
    bucket.reshape({ capacity: 100, refillPerSec: 1 }, 0);
    expect(bucket.available(0)).toBe(2);
    bucket.reshape({ capacity: 1, refillPerSec: 1 }, 0);
    expect(bucket.available(0)).toBe(1);
  });
});

describe('AddressBuckets', () => {
  it('limits each address on its own, and says how long until the next token', () => {
    const buckets = new AddressBuckets({ capacity: 2, refillPerSec: 4 });
    expect([buckets.take('10.0.0.1', 0), buckets.take('10.0.0.1', 0), buckets.take('10.0.0.1', 0)]).toEqual([0, 0, 250]);
    expect(buckets.take('10.0.0.2', 0)).toBe(0);
    expect(buckets.take('10.0.0.1', 100)).toBe(150);
    expect(buckets.take('10.0.0.1', 250)).toBe(0);
    // Long after, an address is as good as new (its bucket dropped or full again).
    expect([buckets.take('10.0.0.1', 60_000), buckets.take('10.0.0.1', 60_000), buckets.take('10.0.0.1', 60_000)]).toEqual([0, 0, 250]);
  });
});
