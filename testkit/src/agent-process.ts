import { fileURLToPath } from 'node:url';
import { spawnChild, type Child } from './child.js';

/** The built agent: dist/main.js from tsc, the bundle and the executables beside it. */
export const AGENT_DIST = fileURLToPath(new URL('../../agent/dist', import.meta.url));

/** The built agent entry point. */
export const AGENT_MAIN = `${AGENT_DIST}/main.js`;

/** The line the agent logs once a hub accepted its hello. */
export const CONNECTED_LINE = /info agent: connected/;

/** How to start the agent: the command (node and a script, or an executable) and its whole environment. */
export interface AgentLaunch {
  command?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts `node agent/dist/main.js --hub <hubUrl as ws:// or wss://> ...args`, or another
 * form of the agent (the bundle, an executable) given as `command`. `stop()` sends SIGKILL unless
 * told otherwise: the agent vanishes without a goodbye.
 */
export function startAgentProcess(hubUrl: string, args: readonly string[], { command = [process.execPath, AGENT_MAIN], env = { ...process.env, LOG_LEVEL: 'info' } }: AgentLaunch = {}): Child {
  const [file, ...rest] = command;
  return spawnChild(file!, [...rest, '--hub', hubUrl.replace(/^http/, 'ws'), ...args], env, 'SIGKILL');
}

/** Starts the real agent for this machine with `token`, pushing once a second, and resolves once the hub accepted it. */
export async function startConnectedAgent(hubUrl: string, token: string, args: readonly string[] = []): Promise<Child> {
  const agent = startAgentProcess(hubUrl, ['--token', token, '--interval', '1000', ...args]);
  await agent.waitForOutput(CONNECTED_LINE, 15_000);
  return agent;
}
