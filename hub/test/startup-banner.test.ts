import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnChild, type Child } from '@hostpulse/testkit/child';
import { startHubProcess } from '@hostpulse/testkit/hub-process';

// What a person is told to open when the hub starts. Listening on 0.0.0.0 means every
// address of the machine, so the banner must name those, not 0.0.0.0. Each hub here runs in
// a network namespace of its own (root, iproute2): loopback and one veth end at 192.0.2.10
// are its only addresses, and nothing it listens on is reachable from outside the test.

const ADDRESS = '192.0.2.10';
const OWN_NETWORK = [
  'unshare',
  '--net',
  'sh',
  '-c',
  `ip link set lo up && ip link add hp0 type veth peer name hp1 && ip addr add ${ADDRESS}/24 dev hp0 && ip link set hp0 up && ip link set hp1 up && exec "$0" "$@"`,
];
const START = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

const children: Child[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await child.stop();
});

describe('the startup banner', () => {
  it('of a hub on 0.0.0.0 names the addresses it is reached at, never 0.0.0.0', async () => {
    const hub = await startHubProcess(['--host', '0.0.0.0', '--agent-token', 'banner-token'], { runUnder: OWN_NETWORK });
    children.push(hub);
    const listening = hub.output().split('\n').find((line) => line.includes(' listening '));
    expect(listening).toContain(`url=http://127.0.0.1:${hub.port} alsoAt=http://${ADDRESS}:${hub.port} port=${hub.port}`);
    expect(hub.output()).not.toMatch(/0\.0\.0\.0:\d|\[::\]:\d/);
    // Without a data dir (the default) it says nothing is kept on disk.
    expect(hub.output()).toContain('history in memory only, lost at exit');
    expect(hub.output()).toContain('no data dir: tokens are per run, none is kept');
  });

  it('of npm start on 0.0.0.0 with --data-dir none lists the addresses and says nothing is kept', { timeout: 90_000 }, async () => {
    const start = spawnChild(OWN_NETWORK[0]!, [...OWN_NETWORK.slice(1), process.execPath, START, '--host', '0.0.0.0', '--port', '0', '--data-dir', 'none'], {
      ...process.env,
      HOSTPULSE_AGENT_TOKEN: 'banner-token',
    });
    children.push(start);
    await start.waitForOutput(/Ctrl-C stops the hub and the agent/, 80_000);
    const banner = start.output().slice(start.output().indexOf('hostpulse is running'));
    const port = /open http:\/\/127\.0\.0\.1:(\d+)\/ in a browser/.exec(banner)?.[1];
    expect(port, banner).toBeDefined();
    expect(banner).toContain(`from other machines: http://${ADDRESS}:${port}/`);
    expect(banner).not.toContain('0.0.0.0');
    expect(banner).toContain('--data-dir none: history is in memory only, lost at exit, and tokens are per run');
    expect(banner).not.toMatch(/history (and tokens )?(is|are) kept/);
  });
});
