import { onTestFinished } from 'vitest';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { startNatsServer, type NatsServer } from '@hostpulse/testkit/nats-server';

/** Starts `count` hubs on the same NATS (each on a free port), with `args` added, and waits until each says "bus connected"; `natsUrl` may carry credentials. */
export async function startClusterHubs(nats: NatsServer, count: number, args: string[] = [], natsUrl = nats.url): Promise<HubProcess[]> {
  const hubs = await Promise.all(Array.from({ length: count }, () => startHubProcess(['--nats', natsUrl, ...args])));
  await Promise.all(hubs.map((hub) => hub.waitForOutput(/bus connected/, 15_000)));
  return hubs;
}

/** The last 25 log lines of each hub, read when a wait fails. */
export function logTails(hubs: readonly HubProcess[]): () => string {
  return () => hubs.map((hub) => `--- ${hub.url}\n${hub.output().split('\n').slice(-25).join('\n')}`).join('\n');
}

/**
 * A nats-server and two hubs on it, with `args` added, all stopped when the test
 * finishes; `explain` gives their last log lines for a wait that fails.
 */
export async function startTwoHubCluster(args: string[]): Promise<{ a: HubProcess; b: HubProcess; explain: () => string }> {
  const nats = await startNatsServer();
  onTestFinished(() => nats.destroy());
  const hubs = await startClusterHubs(nats, 2, args);
  onTestFinished(async () => void (await Promise.all(hubs.map((hub) => hub.stop()))));
  const [a, b] = hubs as [HubProcess, HubProcess];
  return { a, b, explain: logTails(hubs) };
}
