import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAMPLES_RESPONSE_BYTES } from '@hostpulse/protocol';
import type { AgentSample, SamplesResponse } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { oneTo } from '@hostpulse/testkit/hub-reads';
import { startTestHub, type TestHub } from '@hostpulse/testkit/in-process-hub';
import { SimulatedHost } from '@hostpulse/testkit/simulated-host';
import { TestSocket } from '@hostpulse/testkit/test-socket';
import { waitFor } from '@hostpulse/testkit/waits';

// The widest hosts seen in the field: 128 cores and 64 interfaces, about 20 KB a sample.
const CORES = 128;
const NICS = 64;
const SAMPLES = 300;

let hub: TestHub;
let wide: SimulatedHost;

/** GETs a path and returns its status, body bytes and parsed body. */
async function getRaw<T>(path: string): Promise<{ status: number; bytes: number; body: T }> {
  const res = await fetch(hub.url + path);
  const text = await res.text();
  return { status: res.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) as T };
}

beforeAll(async () => {
  hub = await startTestHub();
  wide = new SimulatedHost('wide-host', 1000, 7, CORES);
  const agent = await TestSocket.open(`ws://127.0.0.1:${hub.port}/agent`);
  agent.send(wide.hello());
  await agent.next((m) => m.type === 'welcome');
  const startMs = Date.now() - SAMPLES * 1000;
  for (let i = 0; i < SAMPLES; i++) {
    const sample = wide.nextSample(startMs + i * 1000);
    sample.net = Array.from({ length: NICS }, (_, n) => ({ ...sample.net[n % sample.net.length]!, name: `eth${n}` }));
    agent.send({ type: 'sample', sample } satisfies AgentSample);
  }
  await waitFor(() => getRaw<{ lastSeq: number }>('/api/hosts/wide-host'), (r) => r.body.lastSeq === SAMPLES, { timeout: 30_000, message: 'the wide host stored' });
  agent.close();
}, 60_000);

afterAll(async () => {
  await hub?.stop();
});

describe('samples answers of a wide host', () => {
  it('stay within MAX_SAMPLES_RESPONSE_BYTES, oldest first with more: true, and following the cursor reads every seq once in order', async () => {
    const seqs: number[] = [];
    let after = 0;
    let pages = 0;
    for (let more = true; more; pages++) {
      const { status, bytes, body } = await getRaw<SamplesResponse>(`/api/hosts/wide-host/samples?run=${wide.runId}&after=${after}&limit=3600`);
      expect(status).toBe(200);
      expect(isValid('SamplesResponse', body)).toBe(true);
      expect(bytes).toBeLessThanOrEqual(MAX_SAMPLES_RESPONSE_BYTES);
      expect(body.samples.length).toBeGreaterThan(0);
      seqs.push(...body.samples.map((s) => s.seq));
      more = body.more === true;
      after = body.samples.at(-1)!.seq;
      expect(pages).toBeLessThan(SAMPLES);
    }
    expect(seqs).toEqual(oneTo(SAMPLES));
    expect(pages).toBeGreaterThan(1);
  });

  it('answers a poll without a run with the newest samples that fit, ending at lastSeq', async () => {
    const { bytes, body } = await getRaw<SamplesResponse>('/api/hosts/wide-host/samples?limit=3600');
    expect(bytes).toBeLessThanOrEqual(MAX_SAMPLES_RESPONSE_BYTES);
    expect(body.samples.length).toBeGreaterThan(0);
    expect(body.samples.at(-1)!.seq).toBe(SAMPLES);
    expect(body.more).not.toBe(true);
  });
});
