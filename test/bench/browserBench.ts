/**
 * Runs the bench-cnn step in headless Chromium (Debian's, SwiftShader for WebGPU
 * and WebGL) for each backend asked for, one fresh page per backend, through the
 * Vite dev server (same COOP/COEP headers as the app, so wasm may use threads).
 */
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import type { BenchResult } from './benchStep';
import { launchChromium } from '../e2e/support/browser';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function runBrowserBench(
  backends: string[], batch: number, size: number, steps: number,
): Promise<(BenchResult & { where: string })[]> {
  const server = await createServer({ root, server: { host: '127.0.0.1', port: 0 }, logLevel: 'error' });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('bench: the dev server has no port');
  const browser = await launchChromium();
  const out: (BenchResult & { where: string })[] = [];
  try {
    for (const backend of backends.map((b) => b.trim()).filter(Boolean)) {
      const page = await browser.newPage();
      try {
        // The dev server may reload the page once while it pre-bundles dependencies: try again then.
        for (let attempt = 1; ; attempt++) {
          try {
            await page.goto(`http://127.0.0.1:${address.port}/test/bench/browser/index.html`, { waitUntil: 'networkidle' });
            await page.waitForFunction(() => typeof window.runBench === 'function', undefined, { timeout: 120_000 });
            const result = await page.evaluate(
              ([b, n, s, k]) => window.runBench(b as string, n as number, s as number, k as number),
              [backend, batch, size, steps] as const,
            );
            out.push({ where: 'chromium', ...result });
            break;
          } catch (err) {
            if (attempt >= 3 || !/context was destroyed|navigation/i.test((err as Error).message)) throw err;
          }
        }
      } catch (err) {
        console.error(`bench: ${backend} in Chromium failed: ${(err as Error).message}`);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return out;
}
