import uWS from 'uWebSockets.js';
import { startSpreadTimers, stopTimers, unknownCommand, type ChildRole } from './role.js';

/** Start arguments of a baseline server. */
export interface BaselineStartArgs {
  topics: number;
  payload: string;
}

/**
 * The ceiling for this stack: a bare uWebSockets.js server that subscribes every
 * client to every topic on open and publishes one same-size payload per topic per tick.
 */
export function createUwsBaselineRole(): ChildRole {
  let app: uWS.TemplatedApp | undefined;
  let listenSocket: uWS.us_listen_socket | undefined;
  const timers: NodeJS.Timeout[] = [];
  let published = 0;
  let args: BaselineStartArgs | undefined;

  return {
    async handle(cmd, raw) {
      switch (cmd) {
        case 'start': {
          const start = (args = raw as BaselineStartArgs);
          app = uWS.App().ws('/*', {
            maxPayloadLength: 64 * 1024,
            idleTimeout: 120,
            maxBackpressure: 1024 * 1024,
            open: (ws) => {
              for (let t = 0; t < start.topics; t++) ws.subscribe(`t${t}`);
            },
          });
          const port = await new Promise<number>((resolve, reject) =>
            app!.listen('127.0.0.1', 0, (socket) => {
              if (!socket) return reject(new Error('uWS baseline could not listen'));
              listenSocket = socket;
              resolve(uWS.us_socket_local_port(socket));
            }),
          );
          return { port };
        }
        case 'rate': {
          const { intervalMs } = raw as { intervalMs: number };
          stopTimers(timers);
          startSpreadTimers(timers, args!.topics, intervalMs, (t) => {
            app!.publish(`t${t}`, args!.payload);
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
          if (listenSocket) uWS.us_listen_socket_close(listenSocket);
          return null;
        default:
          throw unknownCommand('uws-baseline', cmd);
      }
    },
  };
}
