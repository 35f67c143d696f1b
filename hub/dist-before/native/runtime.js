import { UserError } from '@hostpulse/common';
/**
 * uWebSockets.js v20.57 (npm: @btc-vision/uwebsockets.js), the newest build on npm: binaries
 * for Node 20, 22, 24 and 25, linked against glibc 2.38.
 */
const UWS_CURRENT = { abis: [115, 127, 137, 141], glibc: [2, 38] };
/** Where uWebSockets.js v20.57 has binaries. */
const UWS_PLATFORMS = ['linux', 'darwin', 'win32'];
/** uWebSockets.js v20.30 (npm: @trufflesuite/uws-js-unofficial): Node 20's build for glibc 2.27 and later. */
const UWS_NODE20 = { abis: [115], glibc: [2, 27] };
/** better-sqlite3 13 ships N-API binaries and needs Node 22 (on 20 it crashes); 12, compiled at install, serves Node 20. */
const SQLITE_13_MIN_ABI = 127;
const NODE_20_ABI = 115;
const NEWEST_ABI = UWS_CURRENT.abis.at(-1);
export function currentRuntime() {
    const { header } = process.report.getReport();
    return {
        node: process.version,
        abi: Number(process.versions.modules),
        platform: process.platform,
        arch: process.arch,
        glibc: process.platform === 'linux' ? (header.glibcVersionRuntime ?? null) : null,
    };
}
function glibcAtLeast(runtime, [major, minor]) {
    if (runtime.platform !== 'linux')
        return true;
    if (runtime.glibc === null)
        return false;
    const [haveMajor = 0, haveMinor = 0] = runtime.glibc.split('.').map(Number);
    return haveMajor > major || (haveMajor === major && haveMinor >= minor);
}
/**
 * The uWebSockets.js build and SQLite driver for `runtime`: the newest uWS build that loads
 * there, better-sqlite3 13 from Node 22 on and 12 on Node 20. Throws a one-line UserError
 * naming Node, ABI and C library, and what to do, when no build fits.
 */
export function chooseNative(runtime) {
    const sqlite = runtime.abi >= SQLITE_13_MIN_ABI ? 'better-sqlite3' : '@hostpulse/sqlite-node20';
    if (!UWS_PLATFORMS.includes(runtime.platform))
        throw new UserError(`this is Node ${runtime.node} on ${runtime.platform}-${runtime.arch}: uWebSockets.js has builds for Linux, macOS and Windows only`);
    if (UWS_CURRENT.abis.includes(runtime.abi) && glibcAtLeast(runtime, UWS_CURRENT.glibc))
        return { uws: 'uWebSockets.js', sqlite };
    if (runtime.abi === NODE_20_ABI && runtime.platform === 'linux' && glibcAtLeast(runtime, UWS_NODE20.glibc))
        return { uws: 'uWebSockets.js-v20.30', sqlite };
    throw new UserError(`this is Node ${runtime.node} (ABI ${runtime.abi}) on ${describeLibc(runtime)}: ${remedy(runtime)}`);
}
function describeLibc(runtime) {
    if (runtime.platform !== 'linux')
        return `${runtime.platform}-${runtime.arch}`;
    return runtime.glibc === null ? `linux-${runtime.arch} without glibc (musl?)` : `linux-${runtime.arch} with glibc ${runtime.glibc}`;
}
function remedy(runtime) {
    if (runtime.abi > NEWEST_ABI)
        return 'no uWebSockets.js build exists for this Node yet; run the hub on Node 24, 22 or 20';
    if (runtime.abi < NODE_20_ABI)
        return 'the hub needs Node 20 or newer';
    if (runtime.platform === 'linux' && runtime.glibc === null)
        return 'the uWebSockets.js builds need glibc; run the hub on a glibc distribution (Debian, Ubuntu, RHEL) or in its container';
    return 'the uWebSockets.js builds for Node 22 and later need glibc 2.38 or newer (Debian 13, Ubuntu 24.04); run the hub on Node 20 here, or on a host with glibc 2.38 or newer';
}
//# sourceMappingURL=runtime.js.map