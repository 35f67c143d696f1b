/**
 * uWebSockets.js v20.30 falls back to a `ws`-based shim, in which publish and
 * subscribe do nothing, when its native binary does not load (UWS_USE_FALLBACK
 * set, or a binary that fails to open). The shim exports only App, _cfg and two
 * socket helpers; the native addon also exports SSLApp and getParts, so their
 * absence tells the two apart. (v20.57 has no fallback: it throws instead.)
 */
export declare function isNativeUws(module: object): boolean;
/** Throws a one-line UserError when `module` (the loaded uWebSockets.js) is the ws fallback. */
export declare function assertNativeUws(module: object): void;
//# sourceMappingURL=native-uws.d.ts.map