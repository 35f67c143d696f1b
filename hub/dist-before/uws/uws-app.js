import { loadUws } from '../native/index.js';
import { assertNativeUws } from './native-uws.js';
// The hub's uses of uWebSockets.js at run time; everything else imports its types only.
/** A new uWS app; throws a one-line UserError on the package's ws fallback, on which publish does nothing. */
export function createUwsApp() {
    const uws = loadUws();
    assertNativeUws(uws);
    return uws.App();
}
/**
 * Listens without SO_REUSEPORT, which uSockets sets by default: with it a second hub
 * on the same port starts too and silently takes half the connections. uWS takes
 * (host, port, options, cb) at run time; its typings list options only without a
 * host, hence the casts.
 */
export function listenExclusive(app, host, port, cb) {
    const exclusive = loadUws().LIBUS_LISTEN_EXCLUSIVE_PORT;
    const listen = app.listen;
    listen.call(app, host, port, exclusive, cb);
}
/** The port a listen socket is bound to (the chosen one when asked for port 0). */
export function listenPort(listenSocket) {
    return loadUws().us_socket_local_port(listenSocket);
}
/** Closes a listen socket: no new connections; open ones stay. */
export function closeListenSocket(listenSocket) {
    loadUws().us_listen_socket_close(listenSocket);
}
//# sourceMappingURL=uws-app.js.map