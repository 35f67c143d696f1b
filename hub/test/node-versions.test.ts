import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_MAIN, startAgentProcess } from '@hostpulse/testkit/agent-process';
import { HUB_MAIN, startHubProcess, type HubProcess } from '@hostpulse/testkit/hub-process';
import { waitForSeq } from '@hostpulse/testkit/hub-reads';
import { plainNode } from '@hostpulse/testkit/trixie-node';

// The agent runs on every current Node. The hub runs where a uWebSockets.js build loads:
// Node 22 and 24 need glibc 2.38 (this Debian 12 has 2.36), and no build exists for Node 26
// yet; there it refuses with one line. Real Node binaries from npm's node@ packages, on the
// machine's own glibc, from scripts/ci/trixie-node.sh (the Node 24 lane runs the hub itself on Debian 13's: docs/testing.md).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAJORS = [22, 24, 26] as const;
/** What each says: 22 and 24 need a newer glibc here, 26 has no build at all. */
const REASONS: Record<(typeof MAJORS)[number], RegExp> = {
  22: /need glibc 2\.38 or newer/,
  24: /need glibc 2\.38 or newer/,
  26: /no uWebSockets\.js build exists for this Node yet/,
};

let hub: HubProcess;
const binaries = new Map<number, string>();

/** Runs a command to its end; exit code and everything it printed. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, output: stdout + stderr });
    });
  });
}

beforeAll(async () => {
  for (const major of MAJORS) binaries.set(major, plainNode(major));
  hub = await startHubProcess();
}, 400_000);
afterAll(async () => {
  await hub?.stop();
});

describe.each(MAJORS)('Node %i', (major) => {
  it('is a real Node of that version', async () => {
    expect((await run(binaries.get(major)!, ['--version'])).output).toMatch(new RegExp(`^v${major}\\.`));
  });

  it('runs the agent, which streams to a hub', async () => {
    const hostId = `node${major}-${process.pid}`;
    const agent = startAgentProcess(hub.url, ['--interval', '500', '--host-id', hostId], { command: [binaries.get(major)!, AGENT_MAIN] });
    try {
      const body = await waitForSeq(hub.url, hostId, 4, 20_000);
      expect(body.samples.filter((s) => s.runId === body.runId).map((s) => s.seq).slice(0, 4)).toEqual([1, 2, 3, 4]);
      expect(body.samples.at(-1)!.cpu.cores.length).toBeGreaterThan(0);
      expect(agent.output()).toMatch(/info agent: connected/);
    } finally {
      await agent.stop('SIGTERM');
    }
  });

  it('refuses to run the hub with one line naming Node, ABI and glibc, and no stack', async () => {
    const { code, output } = await run(binaries.get(major)!, [HUB_MAIN, '--port', '0']);
    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^hostpulse-hub: this is Node v${major}\\.\\d+\\.\\d+ \\(ABI \\d+\\) on linux-\\w+ with glibc 2\\.\\d+: `))]);
    expect(lines[0]).toMatch(REASONS[major]);
  });

  it('prints a clear message, not a stack trace, when npm install runs on it', async () => {
    // npm runs the root package's preinstall with the `node` first on PATH: this one.
    const env = { ...process.env, PATH: `${path.dirname(binaries.get(major)!)}:${process.env['PATH']}` };
    const { code, output } = await run('npm', ['run', '--silent', 'preinstall'], env);
    expect(code).toBe(0);
    expect(output).toContain(`hostpulse: this is Node.js v${major}.`);
    expect(output.replace(/\n/g, ' ')).toMatch(major === 26 ? /no uWebSockets\.js build exists for it yet/ : /need glibc 2\.38 or newer/);
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('the Node running the tests', () => {
  it('installs without a word from the Node check', async () => {
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env['PATH']}` };
    expect(await run('npm', ['run', '--silent', 'preinstall'], env)).toEqual({ code: 0, output: '' });
  });
});
