import { MAX_SAMPLES_LIMIT } from '@hostpulse/protocol';
import type { SamplesResponse } from '@hostpulse/protocol';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything the hub at `url` holds for a host (up to MAX_SAMPLES_LIMIT), or undefined when it does not know it. */
export async function hostSamples(url: string, hostId: string): Promise<SamplesResponse | undefined> {
  const res = await fetch(`${url}/api/hosts/${hostId}/samples?limit=${MAX_SAMPLES_LIMIT}`);
  return res.ok ? ((await res.json()) as SamplesResponse) : undefined;
}

/** Polls until the host's current run reaches `minLastSeq`; returns what the hub then holds. */
export async function waitForSeq(url: string, hostId: string, minLastSeq: number, timeoutMs = 30_000): Promise<SamplesResponse> {
  const deadline = Date.now() + timeoutMs;
  let last: SamplesResponse | undefined;
  while (Date.now() < deadline) {
    last = await hostSamples(url, hostId).catch(() => undefined);
    if (last && last.lastSeq >= minLastSeq) return last;
    await sleep(100);
  }
  throw new Error(`host ${hostId} never reached seq ${minLastSeq}; last seen ${last?.lastSeq}`);
}

/** The seqs the hub holds of one run, in the order it holds them. */
export function seqsOfRun(body: SamplesResponse, runId: string): number[] {
  return body.samples.filter((s) => s.runId === runId).map((s) => s.seq);
}

/** 1, 2, ... n: what a run with no gap and no duplicate looks like. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
