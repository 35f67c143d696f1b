import { ChildLink } from '../kit/child-link.js';
import { BENCH_TOKEN, viewerHeaders, type HubProcess, type HubTarget } from '../kit/hub-process.js';
import type { AgentsStartArgs } from './sim-agents.js';
import { LIVE_PATH } from '@hostpulse/protocol';
import type { PollClientSpec, PollStartArgs, PushMode, PushStartArgs } from '@hostpulse/loadgen';

/** One line of progress on stderr. */
export type Progress = (line: string) => void;

/** Host ids `prefix-000`, `prefix-001`, ... */
export function hostIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
}

/** Splits `items` round-robin into `parts` lists (some may be empty when items are few). */
export function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = Array.from({ length: parts }, () => []);
  items.forEach((item, i) => out[i % parts]!.push(item));
  return out.filter((list) => list.length > 0);
}

/** Starts one process of simulated agents against a hub and waits until every one is welcomed. */
export async function startAgents(hub: HubProcess, ids: string[], intervalMs: number, seed: number): Promise<ChildLink> {
  const link = ChildLink.start('agents', 'agents');
  const args: AgentsStartArgs = { hubUrl: `ws://127.0.0.1:${hub.port}`, token: BENCH_TOKEN, hostIds: ids, intervalMs, seed };
  await link.call('start', args, 60_000);
  return link;
}

/** Starts push dashboards spread over `procs` processes; each client subscribes to its topics. */
export async function startPushClients(
  target: HubTarget,
  topicsPerClient: string[][],
  procs: number,
  mode: PushMode,
  subscribe = true,
): Promise<ChildLink[]> {
  const parts = splitEvenly(topicsPerClient, procs);
  const links = parts.map((_, i) => ChildLink.start(`push clients ${i + 1}`, 'push'));
  const url = subscribe ? `ws://127.0.0.1:${target.port}${LIVE_PATH}` : `ws://127.0.0.1:${target.port}/`;
  const headers = viewerHeaders(target.viewerToken);
  await Promise.all(
    links.map((link, i) => link.call('start', { url, clients: parts[i]!, mode, subscribe, headers } satisfies PushStartArgs, 60_000)),
  );
  return links;
}

/** Starts polling dashboards spread over `procs` processes. */
export async function startPollClients(target: HubTarget, specs: PollClientSpec[], intervalMs: number, procs: number): Promise<ChildLink[]> {
  const parts = splitEvenly(specs, procs);
  const links = parts.map((_, i) => ChildLink.start(`poll clients ${i + 1}`, 'poll'));
  const baseUrl = `http://127.0.0.1:${target.port}`;
  const headers = viewerHeaders(target.viewerToken);
  await Promise.all(
    links.map((link, i) => link.call('start', { baseUrl, clients: parts[i]!, intervalMs, headers } satisfies PollStartArgs, 60_000)),
  );
  return links;
}

/** Stops every child, in parallel. */
export async function stopAll(links: readonly (ChildLink | undefined)[]): Promise<void> {
  await Promise.all(links.map((l) => l?.stop()));
}
