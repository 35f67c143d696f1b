import { defineConfig } from 'vitest/config';

// Browser tests of the built dashboard against real hub and agent processes.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    // A real hub, a real agent and Chromium per file: slow to start, and they share two cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
