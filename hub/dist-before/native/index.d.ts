export { loadSqlite, loadUws, nativeChoice, type SqliteDatabase, type Uws } from './load.js';
export { chooseNative, currentRuntime, type NativeChoice, type Runtime } from './runtime.js';
export type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
//# sourceMappingURL=index.d.ts.map