export { loadSqlite, loadUws, nativeChoice } from './load.js';
export { chooseNative, currentRuntime } from './runtime.js';
//# sourceMappingURL=index.js.map