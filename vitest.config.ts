import { defineConfig } from 'vitest/config';

// One Vitest run covers every workspace; each project has its own config beside its code.
export default defineConfig({
  test: {
    projects: ['protocol', 'common', 'agent', 'hub', 'dashboard', 'e2e', 'loadgen', 'bench'],
  },
});
