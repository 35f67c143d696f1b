import { loadUws, type TemplatedApp, type us_listen_socket } from '@hostpulse/hub/native';
import type { ChildRole } from '@hostpulse/loadgen';
import { createBaselineRole } from './baseline-role.js';

/**
 * The ceiling for this stack: a bare uWebSockets.js server that subscribes every
 * client to every topic on open and publishes one same-size payload per topic per tick.
 */
export function createUwsBaselineRole(): ChildRole {
  let app: TemplatedApp | undefined;
  let listenSocket: us_listen_socket | undefined;

  return createBaselineRole('uws-baseline', {
    listen: (start) => {
      // The hub's own loader: the same uWS build the hub runs on this Node.
      const uws = loadUws();
      app = uws.App().ws('/*', {
        maxPayloadLength: 64 * 1024,
        idleTimeout: 120,
        maxBackpressure: 1024 * 1024,
        open: (ws) => {
          for (let t = 0; t < start.topics; t++) ws.subscribe(`t${t}`);
        },
      });
      return new Promise<number>((resolve, reject) =>
        app!.listen('127.0.0.1', 0, (socket) => {
          if (!socket) return reject(new Error('uWS baseline could not listen'));
          listenSocket = socket;
          resolve(uws.us_socket_local_port(socket));
        }),
      );
    },
    publish: (topic, payload) => {
      app!.publish(`t${topic}`, payload);
    },
    close: () => {
      if (listenSocket) loadUws().us_listen_socket_close(listenSocket);
    },
  });
}
