import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The client lives in client/ and builds to dist/, which the server serves. The build must work
 * with node_modules mounted read-only and without network, so Vite's cache goes to a writable
 * place and the config is loaded natively by Node (`--configLoader native` in package.json)
 * instead of being bundled into node_modules/.vite-temp.
 */
export default defineConfig({
  root: 'client',
  publicDir: 'public',
  cacheDir: process.env.VITE_CACHE_DIR ?? join(tmpdir(), 'expensely-vite-cache'),
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // react-router marks its entry "use client" for server components; irrelevant in a SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' },
  },
});
