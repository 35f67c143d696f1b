import { fileURLToPath } from 'node:url';
// Where the hub finds, at run time, the files it serves or runs besides its own code,
// as a checkout lays them out (hub/dist/files/ -> the workspaces' builds). A release
// bundles the hub into one file and lays these files out beside it: its bundler
// replaces this module (packaging/rolldown.config.mjs), so nothing else changes.
/** The built dashboard (dashboard/dist). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));
/** The agent executables, their .gz copies and SHA256SUMS (agent/dist, from npm run build:sea). */
export const AGENT_DIR = fileURLToPath(new URL('../../../agent/dist', import.meta.url));
/** The load lab's viewer process, which @hostpulse/loadgen exports as ./lab-main. */
export const LAB_PROGRAM = fileURLToPath(import.meta.resolve('@hostpulse/loadgen/lab-main'));
/** The disk worker's script, run in a worker thread (store/disk-writer.ts). */
export const DISK_WORKER = new URL('../store/disk-worker.js', import.meta.url);
/** The agent installer served at /install.sh, with `@HOSTPULSE_HUB_URL@` where the hub's URL goes. */
export const INSTALL_SCRIPT = new URL('../../assets/install.sh', import.meta.url);
/** The hub's package.json, for its version. */
export const HUB_PACKAGE_JSON = new URL('../../package.json', import.meta.url);
//# sourceMappingURL=run-time-files.js.map