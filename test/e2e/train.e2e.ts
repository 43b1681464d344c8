/**
 * The built playground in real Chromium: with no upload, it trains on the
 * built-in shapes on each backend (WebGPU and WebGL on SwiftShader, wasm), and
 * the loss is a real finite number from the worker. Models and step counts are
 * small because software GPUs are slow.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, watchErrors } from './support/browser';
import { serveBuiltApp, type AppServer } from './support/server';

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveBuiltApp();
  browser = await launchChromium();
  mkdirSync('test-results', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A small run that a software GPU trains in seconds. */
const SMALL = 'encoder.kind=bench-cnn&encoder.width=8&batchSize=8&imageSize=32&head.hiddenDim=32&head.outDim=32';

describe('the playground trains in Chromium', () => {
  for (const backend of ['wasm', 'webgl', 'webgpu'] as const) {
    it(`on ${backend}`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(`${server.url}#backend=${backend}&${SMALL}`);
      await page.waitForFunction(() => window.__simclr !== undefined, undefined, { timeout: 60_000 });
      const ready = await page.evaluate(() => window.__simclr!.whenReady(180_000));
      expect(ready.backend, `errors: ${errors.join('\n')}`).toBe(backend);
      expect(ready.datasetCount).toBeGreaterThan(100);
      const step = await page.evaluate(() => window.__simclr!.step(6));
      expect(step).toBeGreaterThanOrEqual(6);
      const state = await page.evaluate(() => window.__simclr!.state());
      expect(Number.isFinite(state.loss)).toBe(true);
      expect(state.loss!).toBeGreaterThan(0);
      await page.screenshot({ path: `test-results/train-${backend}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
