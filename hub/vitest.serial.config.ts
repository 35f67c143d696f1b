import { defineConfig } from 'vitest/config';

/**
 * Integration files whose pass conditions leave little slack on a busy 2-core machine:
 * a test that loads the CPU on purpose (a busy process, the lab's viewers, a flood of bad
 * frames), or one that asserts a rate or a time (rate limits, a Prometheus rate within
 * 10 %, the first alert post within 5 s). They run one at a time, after every other file
 * has finished. One alone: `npx vitest run --project hub-serial test/real-agent.test.ts`.
 */
export const SERIAL_FILES = [
  'test/alerts-processes.test.ts',
  'test/alerts-webhook.test.ts',
  'test/hostile-input.test.ts',
  'test/lab-api.test.ts',
  'test/live-socket.test.ts',
  'test/prometheus.test.ts',
  'test/real-agent.test.ts',
];

export default defineConfig({
  test: {
    name: 'hub-serial',
    include: SERIAL_FILES,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    sequence: { groupOrder: 1 },
  },
});
