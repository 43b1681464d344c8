/**
 * The playground page in real Chromium (wasm backend, a small model so two
 * shared cores keep up): the matrix is drawn and follows training, an
 * augmentation switch changes the preview, the run controls work, and a shared
 * link restores the settings.
 */
import { describe, expect, it } from 'vitest';
import { watchErrors } from './support/browser';
import { PlaygroundPage } from './page';
import { builtAppInChromium } from './support/app';

const session = builtAppInChromium();



const SMALL = 'backend=wasm&encoder.width=8&batchSize=8&head.hiddenDim=32&head.outDim=32';

async function openApp(hash = SMALL) {
  const page = await session.browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = watchErrors(page);
  const app = new PlaygroundPage(page);
  await app.open(session.server.url, hash);
  return { page, app, errors };
}

describe('the playground page', () => {
  it('draws the similarity matrix and redraws it as training goes on', async () => {
    const { page, app, errors } = await openApp();
    await app.whenReady();
    expect(await app.matrixStep()).toBeNull();
    await app.step(2);
    await page.waitForFunction(() => document.querySelector('[data-testid="matrix-canvas"]')?.hasAttribute('data-step'));
    const first = (await app.matrixStep()) ?? 0;
    expect(await app.matrixDrawn()).toBe(true);
    expect(await page.getAttribute('[data-testid="matrix-canvas"]', 'data-size')).toBe('16');
    await app.step(3);
    await page.waitForFunction((s) => Number(document.querySelector('[data-testid="matrix-canvas"]')?.getAttribute('data-step')) > s, first);
    expect(await app.byTestId('stat-step').textContent()).toBe('5');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws this run's loss on recharts' axes and reads out the point under the pointer", async () => {
    const { page, app, errors } = await openApp();
    await app.whenReady();
    const loss = page.locator('[data-testid="chart-loss"]');
    await loss.scrollIntoViewIfNeeded();
    await app.step(4);
    // The chart redraws in its own slot, about once a second.
    await page.waitForFunction(() => (document.querySelector('[data-testid="chart-loss"] .live-line')?.getAttribute('d')?.match(/[ML]/g)?.length ?? 0) === 4);
    const drawn = await loss.evaluate((card) => {
      const ticks = (axis: string) => [...card.querySelectorAll(`.recharts-${axis}-tick-labels text`)].map((t) => [Number(t.getAttribute(axis === 'xAxis' ? 'x' : 'y')), Number.parseFloat(t.textContent ?? '')]);
      const points = (card.querySelector('.live-line')!.getAttribute('d') ?? '').split(/[ML]/).filter(Boolean).map((p) => p.split(',').map(Number));
      const svg = card.querySelector('.recharts-wrapper > svg')!.getBoundingClientRect();
      return { x: ticks('xAxis'), y: ticks('yAxis'), points, left: svg.left, top: svg.top };
    });
    // Through the first and last tick label of an axis: the value at a pixel.
    const valueAt = (ticks: number[][], px: number) => {
      const [p0, v0] = ticks[0]!;
      const [p1, v1] = ticks[ticks.length - 1]!;
      return v0! + ((px - p0!) / (p1! - p0!)) * (v1! - v0!);
    };
    drawn.points.forEach(([x], i) => expect(valueAt(drawn.x, x!)).toBeCloseTo(i + 1, 1));
    const lastLoss = (await app.state()).loss;
    expect(valueAt(drawn.y, drawn.points[3]![1]!)).toBeCloseTo(lastLoss!, 2);
    // The pointer over the third point.
    await page.mouse.move(drawn.left + drawn.points[2]![0]!, drawn.top + drawn.points[2]![1]!);
    await expect.poll(() => loss.locator('.live-tooltip').textContent()).toMatch(/^step 3: /);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('changes the preview when an augmentation is switched', async () => {
    const { page, app, errors } = await openApp();
    await app.whenReady();
    await app.previewSettled();
    const before = await app.previewFingerprint();
    await app.toggleOp('rotate');
    expect(await app.opEnabled('rotate')).toBe(true);
    await page.waitForFunction(() => document.querySelector('[data-testid="preview"]')?.getAttribute('data-pending') === 'true', undefined, { timeout: 10_000 }).catch(() => {});
    await app.previewSettled();
    expect(await app.previewFingerprint()).not.toBe(before);
    expect(await app.hash()).toContain('augment.rotate.enabled=true');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('plays, pauses, steps and resets from the buttons', async () => {
    const { page, app, errors } = await openApp();
    await app.whenReady();
    await app.byTestId('run-toggle').click();
    await app.waitForStep(2);
    await app.byTestId('run-toggle').click();
    await page.waitForFunction(() => !window.__simclr!.state().running);
    const paused = (await app.state()).step;
    await page.waitForTimeout(1500);
    expect((await app.state()).step).toBe(paused);
    await app.byTestId('step-count').selectOption('1');
    await app.byTestId('step').click();
    await app.waitForStep(paused + 1);
    await app.byTestId('reset').click();
    await page.waitForFunction(() => window.__simclr!.state().step === 0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('restores the settings of a shared link', async () => {
    const shared = `${SMALL}&seed=77&loss.temperature=0.3&augment.blur.enabled=true&preset=fashion-mnist`;
    const { app, errors } = await openApp(shared);
    const ready = await app.whenReady();
    expect(ready.config.seed).toBe(77);
    expect(ready.config.loss.temperature).toBe(0.3);
    expect(ready.config.augment.blur.enabled).toBe(true);
    expect(await app.byTestId('dataset-fashion-mnist').isChecked()).toBe(true);
    expect(await app.opEnabled('blur')).toBe(true);
    // The page starts on the small-images recipe (no blur): with blur on, no preset matches.
    expect(await app.byTestId('augment-custom').isVisible()).toBe(true);
    expect(await app.byTestId('seed').inputValue()).toBe('77');
    expect(await app.byTestId('batch-size').inputValue()).toBe('8');
    // The page writes back the same link.
    const hash = await app.hash();
    for (const part of shared.split('&')) expect(hash).toContain(part);
    expect(errors).toEqual([]);
    await app.page.close();
  });
});
