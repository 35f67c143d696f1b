import { UserError } from '@hostpulse/common';
/**
 * uWebSockets.js v20.30 falls back to a `ws`-based shim, in which publish and
 * subscribe do nothing, when its native binary does not load (UWS_USE_FALLBACK
 * set, or a binary that fails to open). The shim exports only App, _cfg and two
 * socket helpers; the native addon also exports SSLApp and getParts, so their
 * absence tells the two apart. (v20.57 has no fallback: it throws instead.)
 */
export function isNativeUws(module) {
    const exports = module;
    return typeof exports['SSLApp'] === 'function' && typeof exports['getParts'] === 'function';
}
/** Throws a one-line UserError when `module` (the loaded uWebSockets.js) is the ws fallback. */
export function assertNativeUws(module) {
    if (isNativeUws(module))
        return;
    throw new UserError(`the native uWebSockets.js binary did not load (Node ${process.version}, ABI ${process.versions.modules}, ${process.platform}-${process.arch}) ` +
        'and the hub refuses to run on its ws fallback, in which publish does nothing; the fallback also loads when UWS_USE_FALLBACK is set');
}
//# sourceMappingURL=native-uws.js.map