import type { HubStats, SamplesResponse } from '@hostpulse/protocol';
import { startHubProcess, type HubProcess } from './hub-process.js';
import type { NatsServer } from './nats-server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `count` hubs on the same NATS (each on a free port), with `args` added, and waits until each says "bus connected"; `natsUrl` may carry credentials. */
export async function startClusterHubs(nats: NatsServer, count: number, args: string[] = [], natsUrl = nats.url): Promise<HubProcess[]> {
  const hubs = await Promise.all(Array.from({ length: count }, () => startHubProcess(['--nats', natsUrl, ...args])));
  await Promise.all(hubs.map((hub) => hub.waitForLog(/bus connected/, 15_000)));
  return hubs;
}

/** GET a hub's JSON. */
export async function getJson<T>(hub: HubProcess, path: string): Promise<T> {
  const res = await fetch(hub.url + path);
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return (await res.json()) as T;
}

/** The hub's /api/stats. */
export function hubStats(hub: HubProcess): Promise<HubStats> {
  return getJson<HubStats>(hub, '/api/stats');
}

/** Every seq a hub holds of one run of a host (the newest 3600), oldest first. */
export async function seqsOf(hub: HubProcess, hostId: string, runId: string): Promise<number[]> {
  const res = await fetch(`${hub.url}/api/hosts/${hostId}/samples?run=${runId}&after=0&limit=3600`);
  if (res.status === 404) return [];
  const body = (await res.json()) as SamplesResponse;
  return body.samples.filter((s) => s.runId === runId).map((s) => s.seq);
}

/** Polls until `check` holds, or throws with `what` (and the hubs' logs, when given) after `timeoutMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 15_000, logsOf: readonly HubProcess[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  const logs = logsOf.map((hub) => `--- ${hub.url}\n${hub.stderr().split('\n').slice(-25).join('\n')}`).join('\n');
  throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${logs ? `\n${logs}` : ''}`);
}

/** 1..n. */
export function oneTo(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
