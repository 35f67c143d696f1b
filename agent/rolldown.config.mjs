// Bundles the compiled agent (dist/main.js, from tsc -b) with ws, protocol and
// common into one file that runs with no node_modules beside it:
//   dist/hostpulse-agent.mjs      `node hostpulse-agent.mjs` on Node 20, 22 and 24
//   dist/sea/hostpulse-agent.cjs  the script inside the single executables (Node 20's
//                                 single executable applications run CommonJS only)
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

const input = {
  input: 'dist/main.js',
  platform: 'node',
  // ws loads these native helpers when installed and falls back to JavaScript without them.
  // systeminformation serves macOS and Windows only (src/collectors/si-import.ts): left
  // out, the file is 0.4 MB instead of 1 MB and a Linux agent 4 MiB smaller in memory.
  external: ['bufferutil', 'utf-8-validate', 'systeminformation'],
  plugins: [inlineVersion],
};

const output = { codeSplitting: false };

export default defineConfig([
  { ...input, output: { ...output, file: 'dist/hostpulse-agent.mjs', format: 'esm' } },
  { ...input, output: { ...output, file: 'dist/sea/hostpulse-agent.cjs', format: 'cjs' } },
]);
