import { rm } from 'node:fs/promises';
import { spawnChild } from '@hostpulse/testkit/child';
import { waitFor } from '@hostpulse/testkit/waits';

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
  const child = spawnChild(bin, args, process.env);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  };
  const isReady = (): Promise<boolean> => fetch(`${url}/-/ready`).then((res) => res.ok, () => false);
  const ready = await waitFor(isReady, (ok) => ok || child.proc.exitCode !== null, { timeout: 15_000, message: `${name} ready` }).catch(() => false);
  if (ready) return { url, output: child.output, stop };
  await stop();
  throw new Error(`${name} did not become ready:\n${child.output()}`);
}
