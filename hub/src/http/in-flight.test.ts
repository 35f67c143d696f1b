import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.js';

describe('InFlight', () => {
  it('drains once every begun response is done, each counted once', async () => {
    const inFlight = new InFlight();
    expect(await inFlight.drained(10)).toBe(true);
    const a = inFlight.begin();
    const b = inFlight.begin();
    const drained = inFlight.drained(5000);
    a();
    a();
    expect(inFlight.count).toBe(1);
    b();
    expect(await drained).toBe(true);
  });

  it('gives up after the timeout when a response never finishes', async () => {
    const inFlight = new InFlight();
    inFlight.begin();
    expect(await inFlight.drained(20)).toBe(false);
  });
});
