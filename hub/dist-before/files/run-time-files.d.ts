/** The built dashboard (dashboard/dist). */
export declare const DASHBOARD_DIR: string;
/** The agent executables, their .gz copies and SHA256SUMS (agent/dist, from npm run build:sea). */
export declare const AGENT_DIR: string;
/** The load lab's viewer process, which @hostpulse/loadgen exports as ./lab-main. */
export declare const LAB_PROGRAM: string;
/** The disk worker's script, run in a worker thread (store/disk-writer.ts). */
export declare const DISK_WORKER: import("url").URL;
/** The agent installer served at /install.sh, with `@HOSTPULSE_HUB_URL@` where the hub's URL goes. */
export declare const INSTALL_SCRIPT: import("url").URL;
/** The hub's package.json, for its version. */
export declare const HUB_PACKAGE_JSON: import("url").URL;
//# sourceMappingURL=run-time-files.d.ts.map