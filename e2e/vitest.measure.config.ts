import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Not part of `npm test`: `npx vitest run --config e2e/vitest.measure.config.ts` measures
// the dashboard's main-thread time per update with 50 simulated hosts, and per second with
// 500 in table mode, and prints the figures (`-t 500` runs only the second).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'measure-render',
    include: ['measure-render.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
