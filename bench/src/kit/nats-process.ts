import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, UserError, waitForPort } from '@hostpulse/common';
import { tracked } from './children.js';

/** Debian's nats-server. */
const NATS_SERVER = '/usr/sbin/nats-server';

/** A nats-server (JetStream on) started for one scenario. */
export interface NatsProcess {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts `nats-server -js` on a free loopback port with a temporary store dir (deleted at stop). */
export async function startNats(): Promise<NatsProcess> {
  if (!existsSync(NATS_SERVER)) throw new UserError(`${NATS_SERVER} missing: apt-get install nats-server`);
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'hostpulse-bench-nats-'));
  const proc = tracked(spawn(NATS_SERVER, ['-js', '-sd', storeDir, '-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' }));
  await waitForPort(port, 10_000, 'nats-server').catch((err: Error) => {
    throw new UserError(err.message);
  });
  return {
    pid: proc.pid!,
    url: `nats://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
        proc.kill('SIGTERM');
        await gone;
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
