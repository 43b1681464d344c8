/**
 * The built app served like test/e2e/support/server.ts does (same headers, a
 * free port on 127.0.0.1), from dist/ or from another build folder: a build of
 * an older tree, for an A/B comparison under the same machine load, or one
 * made with `npx vite build --sourcemap --outDir /tmp/dist-sm` for profiles
 * with source names.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { serveBuiltApp, type AppServer } from '../e2e/support/server';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function serveDist(dir?: string): Promise<AppServer> {
  if (!dir) return serveBuiltApp();
  const server = await preview({ root, build: { outDir: resolve(dir) }, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((done) => server.httpServer.close(() => done())),
  };
}
