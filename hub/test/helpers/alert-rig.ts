import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, onTestFinished } from 'vitest';
import type { AlertsResponse, WebhookPayload } from '@hostpulse/protocol';
import { isValid } from '@hostpulse/protocol/validate';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import type { ReceivedPost } from './webhook-receiver.js';

// What the webhook tests share: a real hub and a real agent, each stopped when the test
// ends, and the rule `cpu.busyPct > -1 for 2s` (always true once held for 2 s) posting to a
// receiver the test starts; it resolves on the first value that clears it (clearFor 0).

/** The secret the webhook notifier signs with. */
export const SECRET = 'test-webhook-secret';

/** A temporary directory, deleted when the test ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hostpulse-alerts-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes the rules file: one CPU rule at `threshold` and a webhook to the receiver's port. */
export async function writeRules(file: string, receiverPort: number, threshold = -1): Promise<void> {
  const rules = {
    rules: [{ name: 'cpu-any', metric: 'cpu.busyPct', op: '>', threshold, for: '2s', clearFor: '0s', severity: 'critical' }],
    notifiers: [{ name: 'ops', type: 'webhook', url: `http://127.0.0.1:${receiverPort}/hook`, secret: SECRET }],
  };
  await writeFile(file, JSON.stringify(rules, null, 2));
}

/** A hub process with `args` (and `env` added to this process's), SIGKILLed when the test ends. */
export async function startHub(args: string[], port = 0, env: NodeJS.ProcessEnv = {}): Promise<HubProcess> {
  const hub = await startHubProcess(args, { port, env });
  onTestFinished(async () => void (await hub.stop('SIGKILL')));
  return hub;
}

/** The real agent on `hub` as `hostId`, pushing once a second until the test ends. */
export function startAgent(hub: HubProcess, hostId: string, extraArgs: string[] = []): void {
  const agent = startAgentProcess(hub.url, ['--interval', '1000', '--host-id', hostId, ...extraArgs]);
  onTestFinished(async () => void (await agent.stop()));
}

/** The hub's /api/alerts, checked against its schema. */
export async function alertsOf(hub: HubProcess): Promise<AlertsResponse> {
  const res = await fetch(`${hub.url}/api/alerts`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as AlertsResponse;
  expect(isValid('AlertsResponse', body)).toBe(true);
  return body;
}

/** The payload a post carried. */
export const payloadOf = (post: ReceivedPost): WebhookPayload => JSON.parse(post.body) as WebhookPayload;

/** Matches the posts of one alert state. */
export const isState = (state: string) => (post: ReceivedPost) => payloadOf(post).state === state;
