import uWS from 'uWebSockets.js';
import { UserError } from '@hostpulse/common';

/**
 * The uWebSockets.js package falls back to a `ws`-based shim, in which publish and
 * subscribe do nothing, when its native binary does not load (another Node ABI,
 * or UWS_USE_FALLBACK set). The shim exports only App, _cfg and two socket
 * helpers; the native addon also exports SSLApp and getParts, so their absence
 * tells the two apart.
 */
export function isNativeUws(module: object = uWS): boolean {
  const exports = module as Record<string, unknown>;
  return typeof exports['SSLApp'] === 'function' && typeof exports['getParts'] === 'function';
}

/** Throws a one-line UserError when the native uWebSockets.js binary did not load. */
export function assertNativeUws(): void {
  if (isNativeUws()) return;
  throw new UserError(
    `the native uWebSockets.js binary did not load (Node ${process.version}, ABI ${process.versions.modules}, ${process.platform}-${process.arch}); ` +
      'the hub needs Node 20 (or 16/18) and refuses to run on the ws fallback, which also loads when UWS_USE_FALLBACK is set',
  );
}
