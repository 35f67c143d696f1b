import { describe, expect, it } from 'vitest';
import { nativeChoice } from '@hostpulse/hub/native';
import { CloseCode } from '@hostpulse/protocol';
import { runHub, startHubProcess } from '@hostpulse/testkit/hub-process';
import { ScriptedAgent } from '@hostpulse/testkit/scripted-agent';
import { TestSocket, upgradeStatus } from '@hostpulse/testkit/test-socket';

describe('hub process', () => {
  it('never runs on the uWS ws fallback, in which publish does nothing', async () => {
    if (nativeChoice().uws === 'uWebSockets.js-v20.30') {
      // v20.30 loads its ws shim when told to (or when its binary fails): the hub refuses it.
      const result = await runHub(['--port', '0'], { UWS_USE_FALLBACK: '1' });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^hostpulse-hub: the native uWebSockets\.js binary did not load .* refuses to run on its ws fallback/);
    } else {
      // v20.57 has no shim: the variable changes nothing, and the hub runs natively.
      const hub = await startHubProcess([], { env: { UWS_USE_FALLBACK: '1' } });
      expect(await hub.stop('SIGTERM')).toBe(0);
    }
  });

  it('prints help and version, and names a wrong flag', async () => {
    const help = await runHub(['--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--port', '--host', '--agent-token', '--history', '--dashboard-dir', '--version']) expect(help.stdout).toContain(flag);
    const version = await runHub(['--version']);
    expect(version.stdout).toMatch(/^hostpulse-hub \d+\.\d+\.\d+/);
    const wrong = await runHub(['--history', 'forever']);
    expect([wrong.code, wrong.stderr]).toEqual([1, expect.stringMatching(/--history must be a duration/)]);
    const exposed = await runHub(['--host', '0.0.0.0', '--port', '0']);
    expect([exposed.code, exposed.stderr]).toEqual([1, expect.stringMatching(/--host 0\.0\.0\.0 is not a loopback address, so agents need a token.*--agent-token TOKEN/)]);
  });

  it('refuses a port another hub already listens on, rather than sharing it', async () => {
    const first = await startHubProcess();
    const second = await runHub(['--port', String(first.port)]);
    expect([second.code, second.stderr]).toEqual([1, expect.stringMatching(/cannot listen on 127\.0\.0\.1:\d+ \(address in use/)]);
    expect(await first.stop('SIGTERM')).toBe(0);
  });

  it('warns when agents need no token on loopback, and logs agents coming and going', async () => {
    const hub = await startHubProcess();
    expect(hub.output()).toMatch(/warn hub: no agent token/);
    // Without a token, a web page the user opens must still not feed the hub fake hosts.
    expect(await upgradeStatus(`ws://127.0.0.1:${hub.port}/agent`, { Origin: 'https://some-page.example' })).toBe(403);
    await hub.waitForOutput(/warn hub: fault kind=forbiddenOrigin count=1 path=\/agent/);
    const agent = await ScriptedAgent.connect(hub.url, 'logged-host', { runId: 'run-x' });
    await hub.waitForOutput(/agent connected hostId=logged-host runId=run-x/);
    agent.stop();
    await hub.waitForOutput(/agent disconnected hostId=logged-host runId=run-x/);
    expect(await hub.stop('SIGINT')).toBe(0);
    expect(hub.output()).toMatch(/info hub: stopped reason=SIGINT/);
  });

  it('on SIGTERM closes every socket with goingAway and exits 0', async () => {
    const hub = await startHubProcess();
    const agent = await ScriptedAgent.connect(hub.url, 'leaving-host');
    const live = await TestSocket.open(`ws://127.0.0.1:${hub.port}/live`);
    const code = await hub.stop('SIGTERM');
    expect(code).toBe(0);
    expect((await agent.socket.closed).code).toBe(CloseCode.goingAway);
    expect((await live.closed).code).toBe(CloseCode.goingAway);
  });
});
