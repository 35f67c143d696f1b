import type uWS from 'uWebSockets.js';
/** A new uWS app; throws a one-line UserError on the package's ws fallback, on which publish does nothing. */
export declare function createUwsApp(): uWS.TemplatedApp;
type ListenCallback = (listenSocket: uWS.us_listen_socket | false) => void;
/**
 * Listens without SO_REUSEPORT, which uSockets sets by default: with it a second hub
 * on the same port starts too and silently takes half the connections. uWS takes
 * (host, port, options, cb) at run time; its typings list options only without a
 * host, hence the casts.
 */
export declare function listenExclusive(app: uWS.TemplatedApp, host: string, port: number, cb: ListenCallback): void;
/** The port a listen socket is bound to (the chosen one when asked for port 0). */
export declare function listenPort(listenSocket: uWS.us_listen_socket): number;
/** Closes a listen socket: no new connections; open ones stay. */
export declare function closeListenSocket(listenSocket: uWS.us_listen_socket): void;
export {};
//# sourceMappingURL=uws-app.d.ts.map