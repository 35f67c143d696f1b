/** What decides which native builds can load: Node's module ABI and, on Linux, the C library. */
export interface Runtime {
    /** process.version, such as v24.22.3. */
    node: string;
    /** process.versions.modules: 115 is Node 20, 127 Node 22, 137 Node 24, 141 Node 25, 147 Node 26. */
    abi: number;
    platform: NodeJS.Platform;
    arch: string;
    /** glibc's version as loaded (such as "2.36"); null on musl and off Linux. */
    glibc: string | null;
}
/** The packages the hub loads its uWebSockets.js and SQLite from on one runtime. */
export interface NativeChoice {
    uws: 'uWebSockets.js' | 'uWebSockets.js-v20.30';
    sqlite: 'better-sqlite3' | '@hostpulse/sqlite-node20';
}
export declare function currentRuntime(): Runtime;
/**
 * The uWebSockets.js build and SQLite driver for `runtime`: the newest uWS build that loads
 * there, better-sqlite3 13 from Node 22 on and 12 on Node 20. Throws a one-line UserError
 * naming Node, ABI and C library, and what to do, when no build fits.
 */
export declare function chooseNative(runtime: Runtime): NativeChoice;
//# sourceMappingURL=runtime.d.ts.map