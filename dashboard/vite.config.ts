import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `npm run dev` proxies the hub's API to a hub already running; HOSTPULSE_HUB_URL points elsewhere.
const hubUrl = process.env['HOSTPULSE_HUB_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs, so the app also works when a reverse proxy serves the hub under a path prefix.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': hubUrl,
      '/metrics': hubUrl,
      '/live': { target: hubUrl.replace(/^http/, 'ws'), ws: true },
    },
  },
});
