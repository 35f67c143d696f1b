import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Not part of `npm test`: `npx vitest run --config e2e/vitest.measure.config.ts` measures
// the dashboard's main-thread time per update with 50 simulated hosts and prints the figures.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    name: 'measure-render',
    include: ['measure-render.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
