import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForHost } from '@hostpulse/testkit/hub-reads';
import { waitFor } from '@hostpulse/testkit/waits';
import { alertsOf, startAgent, startHub, tempDir } from './helpers/alert-rig.js';

// A rule's host pattern with twenty stars, and a host id of one letter and 63 hyphens: a
// backtracking regular expression tries on the order of 10^16 ways to split those hyphens
// before it answers no, for every sample. The hub must go on answering, and the pattern
// must still select the host it names.
const STARS = 20;
const PATTERN = `${'*-'.repeat(STARS)}db`;
const HYPHENS = `a${'-'.repeat(63)}`;
const MATCHING = `${'abcdefghijklmnopqrst'.split('').join('-')}-db`;

describe('alert rules with hostile host patterns', () => {
  it('match in linear time: the hub keeps answering, and the pattern still selects its host', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'alerts.json');
    await writeFile(file, JSON.stringify({ rules: [{ name: 'db-cpu', metric: 'cpu.busyPct', op: '>', threshold: -1, hosts: { ids: [PATTERN] } }] }));
    const hub = await startHub(['--alerts-file', file]);
    startAgent(hub, HYPHENS);
    startAgent(hub, MATCHING);
    await waitForHost(hub.url, HYPHENS, { timeout: 15_000 });
    await waitForHost(hub.url, MATCHING, { timeout: 15_000 });

    const alerts = await waitFor(() => alertsOf(hub), (a) => a.current.length > 0, { timeout: 10_000, message: 'the db host alert' });
    expect(alerts.current.map((alert) => alert.hostId)).toEqual([MATCHING]);
    // Samples of both hosts keep coming through the rule, and the hub answers each poll at once.
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${hub.url}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect((await alertsOf(hub)).current.map((alert) => alert.hostId)).toEqual([MATCHING]);
  });
});
