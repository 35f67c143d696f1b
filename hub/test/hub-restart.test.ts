import { describe, expect, it } from 'vitest';
import { startAgentProcess } from '@hostpulse/testkit/agent-process';
import { startHubProcess } from '@hostpulse/testkit/hub-process';
import { waitForHost, waitForSeq } from '@hostpulse/testkit/hub-reads';
import { freePort } from '@hostpulse/testkit/ports';

// The real agent (agent/dist/main.js) against a real hub that stops and comes back, both as processes.
const TOKEN = 'integration-token';
const INTERVAL_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('hub restart', () => {
  it('loses no seq of the agent run when the hub is away for 5 s (the agent replays)', { timeout: 60_000 }, async () => {
    const hostId = `restart-${process.pid}`;
    // An explicit port: uSockets sets SO_REUSEADDR only then, so a hub on port 0
    // could not listen on its port again while its old connections sit in TIME_WAIT.
    const port = await freePort();
    const first = await startHubProcess(['--agent-token', TOKEN], { port });
    const agent = startAgentProcess(`http://127.0.0.1:${port}`, ['--token', TOKEN, '--interval', String(INTERVAL_MS), '--host-id', hostId]);
    try {
      const before = await waitForHost(first.url, hostId);
      await sleep(1500);
      expect(await first.stop('SIGTERM')).toBe(0);
      await sleep(5000);
      const second = await startHubProcess(['--agent-token', TOKEN], { port });
      try {
        // Wait until the agent is back and live again: the replay plus a few fresh samples.
        const body = await waitForSeq(second.url, hostId, before.lastSeq + 8, 40_000);
        expect(body.runId).toBe(before.runId);
        const seqs = body.samples.map((s) => s.seq);
        expect(seqs[0]).toBe(1);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        expect(seqs.length).toBeGreaterThanOrEqual(before.lastSeq + 8);
      } finally {
        await second.stop();
      }
    } finally {
      await agent.stop();
      await first.stop();
    }
  });
});
