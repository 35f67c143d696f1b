// The hub's programs, each bundled by rolldown into one ES module that runs with only
// the native packages beside it (node_modules/, which hub/src/native/ loads through
// createRequire at run time): the hub, its disk worker and the load lab's viewer
// process. Input is tsc's output (npm run build).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The programs: output file name -> entry in tsc's output. */
export const HUB_PROGRAMS = {
  'hostpulse-hub.mjs': 'hub/dist/main.js',
  'disk-worker.mjs': 'hub/dist/store/disk-worker.js',
  'lab-main.mjs': 'loadgen/dist/lab/lab-main.js',
};

const RUN_TIME_FILES = 'hub/dist/files/run-time-files.js';

/**
 * Swaps the checkout's run-time file locations for the release's (run-time-files.js beside
 * this script); `required` when the program must contain that module (the hub does).
 */
function releaseLayout(required) {
  let swapped = false;
  return {
    name: 'hostpulse-release-layout',
    load(id) {
      if (!id.replaceAll('\\', '/').endsWith(`/${RUN_TIME_FILES}`)) return null;
      swapped = true;
      return readFileSync(new URL('./run-time-files.js', import.meta.url), 'utf8');
    },
    buildEnd() {
      // A renamed module would leave the checkout's paths in the release: stop instead.
      if (required && !swapped) this.error(`${RUN_TIME_FILES} was not in the bundle: packaging/bundle-hub.mjs names a module that moved`);
    },
  };
}

/** ws tries to require these optional native helpers and uses its JavaScript code when that throws. */
const withoutWsHelpers = {
  name: 'hostpulse-without-ws-native-helpers',
  resolveId: (id) => (id === 'bufferutil' || id === 'utf-8-validate' ? `\0no-${id}` : null),
  load: (id) => (id.startsWith('\0no-') ? `throw new Error('${id.slice(4)} is not bundled');\n` : null),
};

/** Writes every program of HUB_PROGRAMS into `outDir`. */
export async function bundleHub(outDir) {
  for (const [file, entry] of Object.entries(HUB_PROGRAMS)) {
    await build({
      input: join(root, entry),
      platform: 'node',
      plugins: [releaseLayout(entry === HUB_PROGRAMS['hostpulse-hub.mjs']), withoutWsHelpers],
      logLevel: 'warn',
      output: { file: join(outDir, file), format: 'esm', codeSplitting: false },
    });
  }
}
