// Bundles the compiled agent (dist/main.js, from tsc -b) with ws, protocol and
// common into one file that runs with no node_modules beside it:
//   dist/hostpulse-agent.mjs      `node hostpulse-agent.mjs` on Node 20, 22 and 24
//   dist/sea/hostpulse-agent.cjs  the script inside the single executables (Node 24's
//                                 single executable applications run a CommonJS main only)
import { readFileSync } from 'node:fs';
import { defineConfig } from 'rolldown';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** dist/version.js reads package.json at run time; the bundle carries the version instead. */
const inlineVersion = {
  name: 'hostpulse-agent-version',
  load(id) {
    if (id.replaceAll('\\', '/').endsWith('/agent/dist/version.js')) return `export const AGENT_VERSION = ${JSON.stringify(version)};\n`;
    return null;
  },
};

/**
 * ws tries to require these native helpers and uses its JavaScript code when that throws.
 * The bundle never loads them, wherever it runs: an executable's require() takes Node's
 * own modules only (and warns at any other), and no native code rides along in one file.
 */
const withoutNativeHelpers = {
  name: 'hostpulse-without-ws-native-helpers',
  resolveId: (id) => (id === 'bufferutil' || id === 'utf-8-validate' ? `\0no-${id}` : null),
  load: (id) => (id.startsWith('\0no-') ? `throw new Error('${id.slice(4)} is not bundled');\n` : null),
};

const input = {
  input: 'dist/main.js',
  platform: 'node',
  // systeminformation serves macOS and Windows only (src/collectors/si-import.ts): left
  // out, the file is 0.4 MB instead of 1 MB and a Linux agent 4 MiB smaller in memory.
  external: ['systeminformation'],
  plugins: [inlineVersion, withoutNativeHelpers],
};

const output = { codeSplitting: false };

export default defineConfig([
  { ...input, output: { ...output, file: 'dist/hostpulse-agent.mjs', format: 'esm' } },
  { ...input, output: { ...output, file: 'dist/sea/hostpulse-agent.cjs', format: 'cjs' } },
]);
