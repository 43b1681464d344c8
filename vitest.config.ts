import { defineConfig } from 'vitest/config';

/**
 * Unit tests run in Node on a real tfjs backend: `TFJS_BACKEND=cpu` (default) or
 * `TFJS_BACKEND=wasm`; `test/unit/setup-backend.ts` selects it before each file.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    setupFiles: ['test/unit/setup-backend.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
