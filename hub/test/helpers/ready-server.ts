import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';

/** A server a test started, on 127.0.0.1:`port`, with a directory of its own. */
export interface ReadyServer {
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Stops it (SIGTERM) and deletes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts `bin` with `args` and waits until `GET /-/ready` answers 2xx (Prometheus and
 * Alertmanager both have it), within 15 s; `dir`, its config and storage, goes when it
 * stops. A server that exits or is not ready in time is stopped, and the error carries
 * what it wrote.
 */
export async function startReadyServer(name: string, bin: string, args: string[], port: number, dir: string): Promise<ReadyServer> {
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then((res) => res.ok, () => false);
    if (ready) return { url, output: () => output, stop };
    if (Date.now() > deadline || proc.exitCode !== null) {
      await stop();
      throw new Error(`${name} did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
