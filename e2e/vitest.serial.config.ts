import { defineConfig } from 'vitest/config';

/**
 * Browser tests whose pass conditions count what happens in a few seconds (polls per
 * second, points gained over 3 s, 200 lab viewers above 500 requests/s): they run one at a
 * time, after every other file, hub-serial's included, has finished. One alone:
 * `npx vitest run --project e2e-serial dashboard.test.ts`.
 */
export const SERIAL_FILES = ['dashboard.test.ts', 'lab.test.ts'];

export default defineConfig({
  test: {
    name: 'e2e-serial',
    include: SERIAL_FILES,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    sequence: { groupOrder: 2 },
  },
});
