/**
 * The built playground in real Chromium: with no upload, it trains on the
 * built-in shapes on each backend (WebGPU and WebGL on SwiftShader, wasm), and
 * the loss is a real finite number from the worker. Models and step counts are
 * small because software GPUs are slow.
 */
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { watchErrors } from './support/browser';
import { builtAppInChromium } from './support/app';

const session = builtAppInChromium();


beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
});

/** A small run that a software GPU trains in seconds. */
const SMALL = 'encoder.kind=bench-cnn&encoder.width=8&batchSize=8&imageSize=32&head.hiddenDim=32&head.outDim=32';

describe('the playground trains in Chromium', () => {
  for (const backend of ['wasm', 'webgl', 'webgpu'] as const) {
    it(`on ${backend}`, async () => {
      const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = watchErrors(page);
      await page.goto(`${session.server.url}#backend=${backend}&${SMALL}`);
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
