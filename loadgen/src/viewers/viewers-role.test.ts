import { describe, expect, it } from 'vitest';
import { ClientMeter } from '../meter/client-meter.js';
import { createViewersRole, type Viewers } from './viewers-role.js';

function fakeViewers(withRate: boolean): Viewers<{ clients: number }> & { calls: string[] } {
  const calls: string[] = [];
  let clients = 0;
  return {
    calls,
    meter: new ClientMeter(),
    async start(args) {
      clients = args.clients;
      calls.push('start');
      return { clients };
    },
    ...(withRate ? { rate: (intervalMs: number) => void calls.push(`rate ${intervalMs}`) } : {}),
    stop: () => void calls.push('stop'),
    counts: () => ({ clients, connected: clients - 1 }),
  };
}

describe('createViewersRole', () => {
  it('starts, retunes and stops the viewers, and reports their meter with their counts', async () => {
    const viewers = fakeViewers(true);
    const role = createViewersRole('poll', viewers);
    expect(await role.handle('start', { clients: 3 })).toEqual({ clients: 3 });
    expect(await role.handle('rate', { intervalMs: 250 })).toBeNull();
    viewers.meter.frames = 7;
    expect(await role.handle('report', null)).toMatchObject({ clients: 3, connected: 2, frames: 7 });
    await role.handle('reset', null);
    expect(await role.handle('report', null)).toMatchObject({ frames: 0 });
    expect(await role.handle('stop', null)).toBeNull();
    expect(viewers.calls).toEqual(['start', 'rate 250', 'stop']);
  });

  it('refuses rate where the viewers have no interval, and any command it does not know', async () => {
    const role = createViewersRole('push', fakeViewers(false));
    await expect(role.handle('rate', { intervalMs: 250 })).rejects.toThrow('push does not know the command "rate"');
    await expect(role.handle('drain', null)).rejects.toThrow('push does not know the command "drain"');
  });
});
