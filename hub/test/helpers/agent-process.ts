import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostInfo } from '@hostpulse/protocol';
import type { HubProcess } from './hub-process.js';

/** The built agent: dist/main.js from tsc, the bundle and the executables beside it. */
export const AGENT_DIST = fileURLToPath(new URL('../../../agent/dist', import.meta.url));

/** The built agent entry point. */
export const AGENT_MAIN = `${AGENT_DIST}/main.js`;

/** A real agent process started for a test. */
export interface AgentProcess {
  proc: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
  /** Sends `signal` (SIGKILL by default: the agent vanishes without a goodbye) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** How to start the agent: the command (node and a script, or an executable) and its whole environment. */
export interface AgentLaunch {
  command?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts `node agent/dist/main.js --hub ws://127.0.0.1:PORT --interval MS ...`, or
 * another form of the agent (the bundle, an executable) given as `command`.
 */
export function startAgentProcess(port: number, args: string[], { command = [process.execPath, AGENT_MAIN], env = { ...process.env, LOG_LEVEL: 'info' } }: AgentLaunch = {}): AgentProcess {
  const [file, ...rest] = command;
  const proc = spawn(file!, [...rest, '--hub', `ws://127.0.0.1:${port}`, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return {
    proc,
    stderr: () => stderr,
    exited,
    stop(signal = 'SIGKILL') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}

/** Resolves with the host once the hub holds a sample of it; `agentLog` goes into the error otherwise. */
export async function waitForHost(hub: HubProcess, hostId: string, { timeoutMs = 10_000, agentLog = () => '' }: { timeoutMs?: number; agentLog?: () => string } = {}): Promise<HostInfo> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${hub.url}/api/hosts/${hostId}`);
    if (res.ok) {
      const host = (await res.json()) as HostInfo;
      if (host.lastSeq > 0) return host;
    } else {
      await res.arrayBuffer();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`host ${hostId} never appeared; agent stderr:\n${agentLog()}\nhub stderr:\n${hub.stderr()}`);
}
