import { MAX_SAMPLES_LIMIT, type HostInfo, type HostSample, type HubStats, type SamplesResponse } from '@hostpulse/protocol';
import { waitFor, type WaitOptions } from './waits.js';

/** GETs JSON from the hub at `url`; any status but 2xx throws. */
export async function getJson<T>(url: string, path: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url + path, { headers });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

/** The hub's /api/stats. */
export function hubStats(url: string, headers: Record<string, string> = {}): Promise<HubStats> {
  return getJson<HubStats>(url, '/api/stats', headers);
}

/** Everything the hub holds for a host (up to MAX_SAMPLES_LIMIT), or undefined when it does not know it. */
export async function hostSamples(url: string, hostId: string): Promise<SamplesResponse | undefined> {
  const res = await fetch(`${url}/api/hosts/${hostId}/samples?limit=${MAX_SAMPLES_LIMIT}`);
  if (res.ok) return (await res.json()) as SamplesResponse;
  await res.arrayBuffer();
  return undefined;
}

/** The seqs a response holds of one run, in the order it holds them. */
export function seqsOfRun(body: SamplesResponse, runId: string): number[] {
  return body.samples.filter((s) => s.runId === runId).map((s) => s.seq);
}

/**
 * Every sample the hub holds of one run of a host (of its newest MAX_SAMPLES_LIMIT
 * seqs), oldest first, asking again after the last one while an answer says `more`;
 * none when the hub does not know the host.
 */
export async function runSamples(url: string, hostId: string, runId: string, headers: Record<string, string> = {}): Promise<HostSample[]> {
  const samples: HostSample[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(`${url}/api/hosts/${hostId}/samples?run=${runId}&after=${after}&limit=${MAX_SAMPLES_LIMIT}`, { headers });
    if (res.status === 404) {
      await res.arrayBuffer();
      return samples;
    }
    if (!res.ok) throw new Error(`GET samples of ${hostId} answered ${res.status}`);
    const body = (await res.json()) as SamplesResponse;
    samples.push(...body.samples);
    if (body.more !== true || body.samples.length === 0) return samples;
    after = body.samples.at(-1)!.seq;
  }
}

/** Every seq the hub holds of one run of a host (of its newest 3600), oldest first; none when it does not know the host. */
export async function seqsOf(url: string, hostId: string, runId: string): Promise<number[]> {
  return (await runSamples(url, hostId, runId)).filter((s) => s.runId === runId).map((s) => s.seq);
}

/** 1, 2, ... n: what a run with no gap and no duplicate looks like. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Resolves with the host once the hub holds a sample of it; `explain` (an agent's output, say) goes into the failure. */
export async function waitForHost(url: string, hostId: string, { timeout = 10_000, explain }: Pick<WaitOptions, 'timeout' | 'explain'> = {}): Promise<HostInfo> {
  const read = async (): Promise<HostInfo | undefined> => {
    const res = await fetch(`${url}/api/hosts/${hostId}`);
    if (res.ok) return (await res.json()) as HostInfo;
    await res.arrayBuffer();
    return undefined;
  };
  const host = await waitFor(read, (h) => (h?.lastSeq ?? 0) > 0, { timeout, explain, message: `host ${hostId} appearing` });
  return host!;
}

/** Resolves with what the hub holds of a host once its current run reaches `minLastSeq`; a hub out of reach meanwhile (restarting) is asked again. */
export async function waitForSeq(url: string, hostId: string, minLastSeq: number, timeout = 30_000): Promise<SamplesResponse> {
  const body = await waitFor(() => hostSamples(url, hostId).catch(() => undefined), (b) => (b?.lastSeq ?? 0) >= minLastSeq, { timeout, message: `host ${hostId} reaching seq ${minLastSeq}` });
  return body!;
}
