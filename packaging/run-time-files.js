// The release's hub/src/files/run-time-files.ts: bundle-hub.mjs puts this module in its
// place, so the hub finds its files beside its bundle (hostpulse-hub.mjs), in the
// layout release.mjs writes. import.meta.url is the bundle's.
import { fileURLToPath } from 'node:url';

const beside = (name) => new URL(name, import.meta.url);

export const DASHBOARD_DIR = fileURLToPath(beside('./dashboard'));
export const AGENT_DIR = fileURLToPath(beside('./agent'));
export const LAB_PROGRAM = fileURLToPath(beside('./lab-main.mjs'));
export const DISK_WORKER = beside('./disk-worker.mjs');
export const INSTALL_SCRIPT = beside('./install.sh');
export const HUB_PACKAGE_JSON = beside('./package.json');
