import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The built dashboard the hub serves in these tests. */
export const DASHBOARD_DIST = `${ROOT}dashboard/dist`;

/** A process this suite started; `stop` ends it and waits for the exit. */
export interface Child {
  proc: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `node ROOT/script args` with LOG_LEVEL=logLevel; stdout and stderr are kept together in `output()`. */
export function spawnNode(script: string, args: string[], logLevel = 'info'): Child {
  const proc = spawn(process.execPath, [`${ROOT}${script}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: logLevel } });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  return {
    proc,
    output: () => output,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

function startNode(script: string, args: string[], readyPattern: RegExp, timeoutMs = 15_000): Promise<{ child: Child; match: RegExpExecArray }> {
  const child = spawnNode(script, args);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not become ready; output:\n${child.output()}`)), timeoutMs);
    // Registered after spawnNode's own listeners, so output() already holds the chunk.
    const onData = (): void => {
      const match = readyPattern.exec(child.output());
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.proc.stdout!.on('data', onData);
    child.proc.stderr!.on('data', onData);
    child.proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}; output:\n${child.output()}`));
    });
  });
}

/** A hub on a free port serving the built dashboard, with any `extraArgs`; `url` is its http://127.0.0.1:PORT. */
export async function startHub(agentToken: string, extraArgs: readonly string[] = []): Promise<Child & { url: string }> {
  const { child, match } = await startNode('hub/dist/main.js', ['--port', '0', '--agent-token', agentToken, ...extraArgs, '--dashboard-dir', DASHBOARD_DIST], /listening url=(\S+)/);
  return { ...child, url: match[1]! };
}

/** The real agent for this machine, pushing once a second; resolves once the hub accepted it. */
export async function startAgent(hubUrl: string, token: string): Promise<Child> {
  const { child } = await startNode('agent/dist/main.js', ['--hub', hubUrl.replace(/^http/, 'ws'), '--token', token, '--interval', '1000'], /info agent: connected/);
  return child;
}
