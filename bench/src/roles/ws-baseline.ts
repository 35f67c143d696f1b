import { WebSocketServer, WebSocket } from 'ws';
import type { BaselineStartArgs } from './uws-baseline.js';
import { startSpreadTimers, stopTimers, unknownCommand, type ChildRole } from './role.js';

/**
 * The common alternative: a bare `ws` server that sends the same payload to every
 * client once per topic per tick (a broadcast loop over `wss.clients`).
 */
export function createWsBaselineRole(): ChildRole {
  let wss: WebSocketServer | undefined;
  const timers: NodeJS.Timeout[] = [];
  let published = 0;
  let args: BaselineStartArgs | undefined;

  return {
    async handle(cmd, raw) {
      switch (cmd) {
        case 'start': {
          args = raw as BaselineStartArgs;
          const server = (wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false }));
          await new Promise<void>((resolve) => server.once('listening', () => resolve()));
          const address = server.address();
          return { port: typeof address === 'object' && address ? address.port : 0 };
        }
        case 'rate': {
          const { intervalMs } = raw as { intervalMs: number };
          stopTimers(timers);
          startSpreadTimers(timers, args!.topics, intervalMs, () => {
            for (const client of wss!.clients) if (client.readyState === WebSocket.OPEN) client.send(args!.payload);
            published += 1;
          });
          return null;
        }
        case 'report':
          return { published };
        case 'reset':
          published = 0;
          return null;
        case 'stop':
          stopTimers(timers);
          for (const client of wss?.clients ?? []) client.terminate();
          wss?.close();
          return null;
        default:
          throw unknownCommand('ws-baseline', cmd);
      }
    },
  };
}
