/**
 * "Does it learn?" in real Chromium on wasm: the Evaluation panel scores h and
 * z beside the random-init baseline, the embedding map draws and shows a
 * thumbnail on hover, a picked dot lists its neighbours, and a tiny ablation
 * queue fills its table; the trained model downloads as two files and loads
 * back. A tiny model, so the whole file takes about a minute.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from './support/browser';
import { PlaygroundPage } from './page';
import { builtAppInChromium } from './support/app';

const session = builtAppInChromium();

let page: Page;
let app: PlaygroundPage;
let errors: string[];

const TINY = 'backend=wasm&encoder.kind=bench-cnn&encoder.width=8&batchSize=8&imageSize=32&head.hiddenDim=32&head.outDim=32';

beforeAll(async () => {
  mkdirSync('test-results', { recursive: true });
  page = await session.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  errors = watchErrors(page);
  app = new PlaygroundPage(page);
  await app.open(session.server.url, TINY);
  const ready = await app.whenReady();
  expect(ready.backend, `errors: ${errors.join('\n')}`).toBe('wasm');
});

const inUnit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;

describe('evaluation in the page', () => {
  it('scores h and z beside the random-init baseline, from the button and from the test API', async () => {
    await app.step(30);
    await app.byTestId('evaluate-now').click();
    await page.waitForSelector('[data-testid="score-table"]', { timeout: 180_000 });
    await app.step(10);
    const scores = await app.evaluate();
    expect(scores.step).toBeGreaterThanOrEqual(40);
    expect(scores.classes).toBeGreaterThan(1);
    expect(scores.tested).toBeGreaterThan(0);
    for (const s of [scores.h, scores.z, scores.baseline.h, scores.baseline.z]) {
      expect(inUnit(s.knn) && inUnit(s.probe), JSON.stringify(scores)).toBe(true);
    }
    const state = await app.state();
    expect(state.evaluation?.step).toBe(scores.step);
    expect(state.evaluationCount).toBeGreaterThanOrEqual(2);
    expect(await app.byTestId('score-table').locator('caption').textContent()).toContain(`Step ${scores.step}`);
    // Two evaluations at two steps: the history chart is drawn.
    await page.waitForSelector('[data-testid="evaluation-history"] svg', { timeout: 10_000 });
    await app.byTestId('evaluation-panel').screenshot({ path: 'test-results/evaluation-panel.png' });
  });

  it('maps the embeddings, shows a thumbnail on hover, and lists a picked dot\'s neighbours', async () => {
    const map = await app.map({ method: 'pca', space: 'h' });
    expect(map.count).toBeGreaterThan(100);
    expect(map.sample.flat().every(Number.isFinite)).toBe(true);
    const canvas = app.byTestId('map-canvas');
    await canvas.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-points') !== null);
    expect(Number(await canvas.getAttribute('data-points'))).toBe(map.count);
    expect(Number(await canvas.getAttribute('data-draw-ms'))).toBeLessThan(50);

    // Sweep the mouse across the middle until a dot is under it.
    const box = (await canvas.boundingBox())!;
    let hovered: string | null = null;
    for (let k = 0; k <= 60 && hovered === null; k++) {
      await page.mouse.move(box.x + box.width * (0.2 + 0.01 * k), box.y + box.height * 0.5);
      if (await app.byTestId('map-tooltip').count()) hovered = await app.byTestId('map-tooltip').getAttribute('data-index');
    }
    expect(hovered).not.toBeNull();
    await expect(app.byTestId('map-tooltip').locator('canvas').count()).resolves.toBe(1);
    await page.mouse.click(box.x + box.width * 0.2, box.y + box.height * 0.5); // may or may not hit a dot
    await app.byTestId('map-panel').screenshot({ path: 'test-results/embedding-map.png' });

    const near = await app.neighbours(Number(hovered), 8);
    expect(near.neighbours).toHaveLength(8);
    expect(near.neighbours).not.toContain(Number(hovered));
    expect(near.scores.every((s, i) => i === 0 || s <= near.scores[i - 1]! + 1e-6)).toBe(true);
    await expect(app.byTestId('neighbour').count()).resolves.toBe(8);
  });

  it('runs a tiny ablation and tables it beside the paper\'s numbers', async () => {
    const rows = await app.runAblation({ kind: 'temperature', dataset: 'shapes', count: 200, steps: 5, seeds: [0] });
    expect(rows.map((r) => r.setting)).toEqual(['tau = 0.05', 'tau = 0.1', 'tau = 0.5', 'tau = 1']);
    for (const r of rows) expect(inUnit(r.h.knn) && inUnit(r.z.probe) && Number.isFinite(r.finalLoss), JSON.stringify(r)).toBe(true);
    await expect(app.byTestId('ablation-row').count()).resolves.toBe(4);
    expect(await app.byTestId('ablation-table').textContent()).toContain('64.4%'); // Table 5, tau = 0.1
    expect(await app.byTestId('ablation-progress').textContent()).toBe('All 4 runs done.');
    // About 20% of the 200 images were held out (per class, rounded); the winner's lead is set against what sampling them alone can give.
    const tested = rows[0]!.tested!;
    expect(tested).toBeGreaterThanOrEqual(36);
    expect(tested).toBeLessThanOrEqual(44);
    for (const r of rows) expect(r.tested).toBe(tested);
    expect(await app.byTestId('ablation-lead').textContent()).toMatch(
      new RegExp(`^tau = [\\d.]+ leads tau = [\\d.]+ by [+−]\\d+\\.\\d points of kNN on h, (within|more than) the ±\\d+\\.\\d that sampling ${tested} held-out images alone can give \\(95%\\)`),
    );
    await app.byTestId('ablation-panel').screenshot({ path: 'test-results/ablation.png' });
    // The main run is still there and can go on.
    const before = (await app.state()).step;
    expect(await app.step(2)).toBe(before + 2);
    expect(errors).toEqual([]);
  });

  it('runs a tiny batch-size study and plots it against steps or epochs', async () => {
    const rows = await app.runAblation({ kind: 'batch-size', dataset: 'shapes', count: 200, steps: 4, seeds: [0], maxBatchSize: 16, lrScaling: 'sqrt' });
    expect(rows.map((r) => [r.batchSize, r.steps])).toEqual([[8, 1], [8, 2], [8, 4], [16, 1], [16, 2], [16, 4]]);
    for (const r of rows) expect(r.trainImages, JSON.stringify(r)).toBe(200);
    await expect(app.byTestId('batch-curve').count()).resolves.toBe(2);
    const xs = (n: number) => app.page.locator(`[data-testid="batch-curve"][data-batch="${n}"] circle`).evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cx'))));
    // Against steps the two curves share their x positions; against epochs N = 16 lies twice as far out.
    expect(await xs(16)).toEqual(await xs(8));
    await app.byTestId('batch-length-epochs').check();
    const [e8, e16] = [await xs(8), await xs(16)];
    const left = 44; // the plot's left edge in the chart's viewBox
    e8.forEach((x, i) => expect((e16[i]! - left) / (x - left)).toBeCloseTo(2, 5));
    expect(await app.byTestId('batch-gap').textContent()).toMatch(
      new RegExp(`^N = 16 over N = 8: [+−]\\d+\\.\\d ± \\d+\\.\\d points at 1 step, .* that sampling ${rows[0]!.tested} held-out images alone can give \\(95%\\)`),
    );
    expect(errors).toEqual([]);
  });

  it('downloads the model as two files and loads them back; a wrong file gets the worker\'s sentence', async () => {
    const saved = new Map<string, string>();
    const collect = (n: number) =>
      new Promise<void>((resolve) => {
        page.on('download', async (d) => {
          const path = `test-results/${d.suggestedFilename()}`;
          await d.saveAs(path);
          saved.set(d.suggestedFilename(), path);
          if (saved.size >= n) resolve();
        });
      });
    const both = collect(2);
    await app.byTestId('export-model-download').click();
    await both;
    const modelJson = JSON.parse(readFileSync(saved.get('simclr-model.json')!, 'utf8'));
    expect(modelJson.weightsManifest.map((g: { paths: string[] }) => g.paths)).toEqual([['./simclr-model.weights.bin']]);
    const weights = readFileSync(saved.get('simclr-model.weights.bin')!);
    expect(weights.length).toBe(4 * modelJson.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + w.shape.reduce((a, b) => a * b, 1), 0));

    const step = (await app.state()).step;
    await app.byTestId('export-model-input').setInputFiles([saved.get('simclr-model.json')!, saved.get('simclr-model.weights.bin')!]);
    await page.waitForSelector('[data-testid="export-model-status"][data-kind="loaded"]', { timeout: 60_000 });
    expect(await app.byTestId('export-model-status').textContent()).toContain(`trained ${step} steps`);

    await app.byTestId('export-model-input').setInputFiles([
      { name: 'simclr-model.json', mimeType: 'application/json', buffer: Buffer.from('{"weightsManifest": []}') },
      { name: 'simclr-model.weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(8) },
    ]);
    await page.waitForSelector('[data-testid="export-model-status"][data-kind="refused"]', { timeout: 60_000 });
    expect(await app.byTestId('export-model-status').textContent()).toMatch(/The model was not loaded: .*Your run is unchanged\./);
    expect(errors).toEqual([]);
  });
});
