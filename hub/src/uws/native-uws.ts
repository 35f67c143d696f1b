import { UserError } from '@hostpulse/common';

/**
 * Node module ABIs (process.versions.modules) the bundled uWebSockets.js v20.30
 * has binaries for: 93, 108 and 115 are Node 16, 18 and 20. Builds for newer Node
 * need glibc 2.38, which Debian 12 lacks, so the hub stays on Node 20.
 */
export const UWS_NODE_ABIS: readonly string[] = ['93', '108', '115'];

const NEEDS_NODE_20 = 'the hub needs Node 20 (the uWebSockets.js build it uses ships binaries for Node 16, 18 and 20 only)';

/**
 * Throws a one-line UserError on a Node with no uWebSockets.js binary, before the
 * package is loaded: it would print a stack of its own and fall back to its shim.
 */
export function assertUwsAbi(abi: string = process.versions.modules): void {
  if (UWS_NODE_ABIS.includes(abi)) return;
  throw new UserError(`this is Node ${process.version} (ABI ${abi}): ${NEEDS_NODE_20}; the agent runs on Node 20, 22 and 24`);
}

/**
 * The uWebSockets.js package falls back to a `ws`-based shim, in which publish and
 * subscribe do nothing, when its native binary does not load (another Node ABI,
 * or UWS_USE_FALLBACK set). The shim exports only App, _cfg and two socket
 * helpers; the native addon also exports SSLApp and getParts, so their absence
 * tells the two apart.
 */
export function isNativeUws(module: object): boolean {
  const exports = module as Record<string, unknown>;
  return typeof exports['SSLApp'] === 'function' && typeof exports['getParts'] === 'function';
}

/** Throws a one-line UserError when `module` (the loaded uWebSockets.js) is the ws fallback. */
export function assertNativeUws(module: object): void {
  if (isNativeUws(module)) return;
  throw new UserError(
    `the native uWebSockets.js binary did not load (Node ${process.version}, ABI ${process.versions.modules}, ${process.platform}-${process.arch}); ` +
      `${NEEDS_NODE_20}, and refuses to run on the ws fallback, which also loads when UWS_USE_FALLBACK is set`,
  );
}
