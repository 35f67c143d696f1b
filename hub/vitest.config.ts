import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'hub',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start real hub and agent processes and wait on real intervals.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Each integration file runs its own hubs; running them one at a time keeps
    // interval timing steady on a 2-core machine.
    fileParallelism: false,
  },
});
