import { configDefaults, defineConfig } from 'vitest/config';
import { SERIAL_FILES } from './vitest.serial.config.js';

// Browser tests of the built dashboard against real hub and agent processes, each file
// with its own hub and Chromium, side by side; the files that count what happens in a
// few seconds are the e2e-serial project (vitest.serial.config.ts).
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...SERIAL_FILES],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
