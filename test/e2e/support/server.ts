/**
 * Serves the built app (`dist/`, made by `vite build` in `npm run test:e2e`) on
 * http://127.0.0.1 with a free port and the same headers as `npm start`.
 * WebGPU needs a secure context, which 127.0.0.1 is and `file:` is not.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { preview, type PreviewServer } from 'vite';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export async function serveBuiltApp(): Promise<AppServer> {
  if (!existsSync(`${root}dist/index.html`)) throw new Error('dist/ is missing: run `vite build` first (npm run test:e2e does)');
  const server: PreviewServer = await preview({ root, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.httpServer.close(() => resolve())),
  };
}
