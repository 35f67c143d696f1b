import { defineConfig } from 'vitest/config';

// One Vitest run covers every workspace; each project has its own config beside its code.
// hub-serial and e2e-serial run their files one at a time after the rest (sequence.groupOrder).
export default defineConfig({
  test: {
    projects: ['protocol', 'common', 'agent', 'hub', 'hub/vitest.serial.config.ts', 'dashboard', 'e2e', 'e2e/vitest.serial.config.ts', 'bench'],
    // Most integration files wait on real 1-second intervals rather than compute, so more
    // of them run at once than the machine has cores (Vitest's default is one fewer than the cores).
    maxWorkers: 4,
  },
});
