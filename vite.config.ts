/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Cross-origin isolation (COOP + COEP) lets the wasm backend use threads
 * (SharedArrayBuffer); the playground serves every page with them, in dev and in
 * `npm start` (vite preview).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * `npm start` (vite preview) also sends a Content-Security-Policy that allows only
 * the app's own origin, plus what the workers and WebAssembly need: compiling wasm
 * ('wasm-unsafe-eval'), tfjs's wasm thread workers (started from blob: URLs, which then importScripts blob: code), thumbnails and
 * canvases as data:/blob: images, and React's style attributes. No other origin is
 * reachable from the page. (The dev server goes without it: hot reload injects scripts.)
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export default defineConfig({
  plugins: [react()],
  server: { host: '127.0.0.1', headers: isolationHeaders },
  preview: { host: '127.0.0.1', headers: { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy } },
  // The worker bundle is left unminified: the minifier drops a `typeof _scriptDir`
  // guard inside tfjs's threaded wasm module, which then cannot start its pthread
  // workers (see src/core/backend/activate.ts); unminified, wasm keeps its threads.
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    projects: [
      {
        // Node, on a real tfjs backend: TFJS_BACKEND=cpu (default) or wasm, chosen in setup-backend.ts.
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], setupFiles: ['test/unit/setup-backend.ts', 'test/unit/setup-display.ts'] },
      },
      {
        // Real Chromium (Debian's) against the built app served on 127.0.0.1.
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.e2e.ts'], fileParallelism: false, testTimeout: 300_000 },
      },
    ],
  },
});
