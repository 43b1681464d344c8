/**
 * Faults in a real browser: a NaN batch pauses the run with a sentence and the
 * run goes on afterwards; a really lost WebGL context moves training to another
 * backend with a warning, and the step count keeps rising.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from './support/browser';
import { builtAppInChromium } from './support/app';

const session = builtAppInChromium();


const SMALL = 'encoder.kind=bench-cnn&encoder.width=8&batchSize=8&imageSize=32&head.hiddenDim=32&head.outDim=32';

async function open(backend: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(`${session.server.url}#backend=${backend}&${SMALL}`);
  await page.waitForFunction(() => window.__simclr !== undefined, undefined, { timeout: 60_000 });
  await page.evaluate(() => window.__simclr!.whenReady(180_000));
  return page;
}

describe('faults in the browser', () => {
  it('a NaN loss pauses the run with the reason, keeps the step count, and training can go on', async () => {
    const page = await open('wasm');
    await page.evaluate(() => window.__simclr!.step(3));
    await page.evaluate(() => window.__simclr!.injectFault('nan-batch'));
    await page.evaluate(() => window.__simclr!.play());
    await page.waitForFunction(() => window.__simclr!.state().notices.some((n) => n.code === 'non-finite-loss'), undefined, { timeout: 60_000 });
    const state = await page.evaluate(() => window.__simclr!.state());
    expect(state.running).toBe(false);
    expect(state.step).toBe(3);
    expect(state.notices.find((n) => n.code === 'non-finite-loss')!.message).toMatch(/became (NaN|infinite).*last good step are kept/);
    expect(await page.getByText(/last good step are kept/).first().isVisible()).toBe(true);
    // dismissing is not needed to go on
    await page.evaluate(() => window.__simclr!.waitForStep(3));
    const after = await page.evaluate(async () => {
      window.__simclr!.play();
      await window.__simclr!.waitForStep(5);
      window.__simclr!.pause();
      return window.__simclr!.state();
    });
    expect(after.step).toBeGreaterThanOrEqual(5);
    expect(Number.isFinite(after.loss)).toBe(true);
    await page.screenshot({ path: 'test-results/fault-nan.png' });
    await page.close();
  });

  it.each([
    ['a lost WebGL context', 'webgl'],
    ['a destroyed WebGPU device', 'webgpu'],
  ])('%s moves the run to another backend and it keeps training', async (_what, gpu) => {
    const page = await open(gpu);
    const errors = watchErrors(page);
    await page.evaluate(() => window.__simclr!.step(2));
    expect((await page.evaluate(() => window.__simclr!.state())).backend).toBe(gpu);
    await page.evaluate(() => window.__simclr!.injectFault('lose-device'));
    await page.waitForFunction(() => window.__simclr!.state().notices.some((n) => n.code === 'device-lost'), undefined, { timeout: 120_000 });
    await page.waitForFunction((lost) => window.__simclr!.state().backend !== lost, gpu, { timeout: 120_000 });
    const moved = await page.evaluate(() => window.__simclr!.state());
    expect(moved.notices.find((n) => n.code === 'device-lost')!.message).toMatch(new RegExp(`${gpu} backend stopped working.*moved to (wasm|webgl|webgpu|cpu).*from step 2`));
    const before = moved.step;
    const after = await page.evaluate(async (from) => {
      await window.__simclr!.step(3);
      return window.__simclr!.state().step - from;
    }, before);
    expect(after).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `test-results/fault-${gpu}-lost.png` });
    expect(errors.filter((e) => !/context lost|CONTEXT_LOST|device (is |was )?(lost|destroyed)|destroyed device/i.test(e))).toEqual([]);
    await page.close();
  });
});
