import { configDefaults, defineConfig } from 'vitest/config';
import { SERIAL_FILES } from './vitest.serial.config.js';

// Unit tests, and integration tests that start real hub and agent processes (or a hub in
// this process) and mostly wait on real intervals: they run side by side, each on its own
// ports and directories. The files that need the machine to themselves are the hub-serial
// project (vitest.serial.config.ts).
export default defineConfig({
  test: {
    name: 'hub',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...SERIAL_FILES],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
