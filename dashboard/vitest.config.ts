import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The svelte plugin compiles runes in `*.svelte.ts` state classes for the unit tests.
export default defineConfig({
  plugins: [svelte()],
  test: { name: 'dashboard', include: ['src/**/*.test.ts'] },
});
