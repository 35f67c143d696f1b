import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports.js';

/** Debian's nats-server (package nats-server; .ci/run installs it). */
export const NATS_SERVER = '/usr/sbin/nats-server';

/** A nats-server with JetStream on a loopback port and a store dir of its own. */
export interface NatsServer {
  port: number;
  url: string;
  /** The running process (a new one after `restart`). */
  proc(): ChildProcess;
  /** Everything it wrote to stderr so far. */
  log(): string;
  /** Stops it (SIGTERM), keeping its store. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same store. */
  restart(): Promise<void>;
  /** Stops it and deletes its store. */
  destroy(): Promise<void>;
}

/**
 * Starts `nats-server -js` on a free loopback port with a temporary store dir and waits
 * until it accepts connections; `onSpawn` sees every process it starts (the bench tracks them).
 */
export async function startNatsServer(onSpawn: (proc: ChildProcess) => void = () => {}): Promise<NatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'hostpulse-nats-'));
  let proc: ChildProcess | undefined;
  let stderr = '';
  const launch = async (): Promise<void> => {
    proc = spawn(NATS_SERVER, ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    onSpawn(proc);
    proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitForPort(port, 10_000, 'nats-server');
  };
  const stop = async (): Promise<void> => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => p.once('exit', () => resolve()));
    p.kill('SIGTERM');
    await gone;
  };
  await launch();
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    proc: () => proc!,
    log: () => stderr,
    stop,
    restart: launch,
    async destroy() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
