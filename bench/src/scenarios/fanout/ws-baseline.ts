import { WebSocketServer, WebSocket } from 'ws';
import type { ChildRole } from '@hostpulse/loadgen';
import { createBaselineRole } from './baseline-role.js';

/**
 * The common alternative: a bare `ws` server that sends the same payload to every
 * client once per topic per tick (a broadcast loop over `wss.clients`).
 */
export function createWsBaselineRole(): ChildRole {
  let wss: WebSocketServer | undefined;

  return createBaselineRole('ws-baseline', {
    listen: async () => {
      const server = (wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false }));
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const address = server.address();
      return typeof address === 'object' && address ? address.port : 0;
    },
    publish: (_topic, payload) => {
      for (const client of wss!.clients) if (client.readyState === WebSocket.OPEN) client.send(payload);
    },
    close: () => {
      for (const client of wss?.clients ?? []) client.terminate();
      wss?.close();
    },
  });
}
