import { existsSync } from 'node:fs';
import { UserError } from '@hostpulse/common';
import { NATS_SERVER, startNatsServer } from '@hostpulse/testkit/nats-server';
import { tracked } from './children.js';

/** A nats-server (JetStream on) started for one scenario. */
export interface NatsProcess {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts `nats-server -js` on a free loopback port with a temporary store dir (deleted at stop). */
export async function startNats(): Promise<NatsProcess> {
  if (!existsSync(NATS_SERVER)) throw new UserError(`${NATS_SERVER} missing: apt-get install nats-server`);
  const nats = await startNatsServer(tracked).catch((err: Error) => {
    throw new UserError(err.message);
  });
  return { pid: nats.proc().pid!, url: nats.url, stop: () => nats.destroy() };
}
