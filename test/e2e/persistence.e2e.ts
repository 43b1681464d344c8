/**
 * Nothing lost on reload, in real Chromium on the wasm backend: the run is
 * saved to IndexedDB as it trains; a reload restores it (settings, step, chart)
 * paused, and it continues with the losses of an uninterrupted run; New run
 * deletes it; Export run writes one file that Import run brings back, and a bad
 * file is refused with the run kept; a full storage quota is reported while
 * training goes on.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { watchErrors } from './support/browser';
import { builtAppInChromium } from './support/app';

const session = builtAppInChromium();

beforeAll(() => {
  mkdirSync('test-results', { recursive: true });
});

/** A tiny run: bench-cnn of width 4 on 16 px shapes, N = 8. */
const SMALL = 'backend=wasm&encoder.kind=bench-cnn&encoder.width=4&batchSize=8&imageSize=16&head.hiddenDim=16&head.outDim=16';

async function openIn(context: BrowserContext, hash = SMALL): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${session.server.url}#${hash}`);
  await ready(page);
  return page;
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__simclr !== undefined, undefined, { timeout: 60_000 });
  await page.evaluate(() => window.__simclr!.whenReady(180_000));
}

const losses = (page: Page) => page.evaluate(() => window.__simclr!.losses());
const state = (page: Page) => page.evaluate(() => window.__simclr!.state());

function expectSameLosses(actual: [number, number][], expected: [number, number][]): void {
  expect(actual.map(([s]) => s)).toEqual(expected.map(([s]) => s));
  actual.forEach(([, loss], i) => expect(loss).toBeCloseTo(expected[i]![1], 5));
}

describe('persistence in the browser', () => {
  it('a reload restores the run paused at its step, and it continues as if never interrupted; New run deletes it', async () => {
    // The same run uninterrupted, in its own browser context (its own storage).
    const straightContext = await session.browser.newContext();
    const straight = await openIn(straightContext);
    await straight.evaluate(() => window.__simclr!.step(5));
    const expected = await losses(straight);
    expect(expected.map(([s]) => s)).toEqual([1, 2, 3, 4, 5]);
    await straightContext.close();

    const context = await session.browser.newContext();
    const page = await openIn(context);
    const errors = watchErrors(page);
    await page.evaluate(() => window.__simclr!.step(3));
    await page.evaluate(() => window.__simclr!.waitForSaved(3));
    expectSameLosses(await losses(page), expected.slice(0, 3));
    const before = await state(page);

    await page.reload();
    await ready(page);
    const after = await state(page);
    expect(after.step).toBe(3);
    expect(after.runState).toBe('paused');
    expect(after.config).toEqual(before.config);
    expect(after.notices.map((n) => n.message)).toContain('Restored run from step 3.');
    await expect.poll(() => page.locator('[data-testid="stat-step"]').textContent()).toBe('3');
    expect(await page.getByText('Restored run from step 3.').isVisible()).toBe(true);
    expect(await page.locator('[data-testid="saved-status"]').textContent()).toBe('Saved at step 3');
    expectSameLosses(await losses(page), expected.slice(0, 3));
    await page.screenshot({ path: 'test-results/persistence-restored.png' });

    await page.evaluate(() => window.__simclr!.step(2));
    expectSameLosses(await losses(page), expected);
    await page.evaluate(() => window.__simclr!.waitForSaved(5));

    // New run: two clicks (the first asks), then the saved run is gone.
    await page.locator('[data-testid="new-run"]').click();
    await page.locator('[data-testid="new-run"][data-confirm="true"]').click();
    await page.waitForFunction(() => {
      const s = window.__simclr!.state();
      return s.step === 0 && s.datasetCount !== null && s.config.batchSize === 32;
    }, undefined, { timeout: 120_000 });
    await page.reload();
    await ready(page);
    const fresh = await state(page);
    expect(fresh.step).toBe(0);
    expect(fresh.savedStep).toBeNull();
    expect(fresh.config.batchSize).toBe(32);
    expect(fresh.notices.some((n) => n.code === 'run-restored')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Export run writes one file; Import run brings it back, and a bad file is refused with the run kept', async () => {
    const context = await session.browser.newContext({ acceptDownloads: true });
    const page = await openIn(context);
    await page.evaluate(() => window.__simclr!.step(2));
    const saved = await losses(page);

    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.locator('[data-testid="run-export"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('simclr-run-step-2.simclr');
    const path = 'test-results/simclr-run-step-2.simclr';
    await file.saveAs(path);
    expect(readFileSync(path).subarray(0, 6).toString('latin1')).toBe('SIMCLR');

    await page.evaluate(() => window.__simclr!.step(2));
    expect((await state(page)).step).toBe(4);

    // A bad file: refused, and the run is unchanged.
    await page.locator('[data-testid="run-import-input"]').setInputFiles({ name: 'bad.simclr', mimeType: 'application/octet-stream', buffer: Buffer.from('not a run file, just text') });
    await page.waitForFunction(() => window.__simclr!.state().runFile?.kind === 'refused', undefined, { timeout: 60_000 });
    const refused = await state(page);
    expect(refused.runFile!.message).toBe('The run file was not loaded: bad.simclr is not a SimCLR playground run (it does not start with the run-file signature). Your run is unchanged.');
    expect(refused.step).toBe(4);
    expect(await page.locator('[data-testid="run-import-status"]').textContent()).toBe(refused.runFile!.message);

    // The exported file: back to step 2 with its chart, and it trains on.
    await page.locator('[data-testid="run-import-input"]').setInputFiles(path);
    await page.waitForFunction(() => window.__simclr!.state().runFile?.kind === 'loaded', undefined, { timeout: 120_000 });
    const imported = await state(page);
    expect(imported.step).toBe(2);
    expectSameLosses(await losses(page), saved);
    await page.evaluate(() => window.__simclr!.step(1));
    expect((await state(page)).step).toBe(3);
    await context.close();
  });

  it('reports a full storage quota and keeps training in memory', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(session.server.url).origin, quotaSize: 1000 });
    await page.goto(`${session.server.url}#${SMALL}`);
    await ready(page);
    await page.evaluate(() => window.__simclr!.step(3));
    await page.waitForFunction(() => window.__simclr!.state().notices.some((n) => n.code === 'storage'), undefined, { timeout: 60_000 });
    const s = await state(page);
    const warning = s.notices.find((n) => n.code === 'storage')!;
    expect(warning.kind).toBe('warning');
    expect(warning.message).toMatch(/^Could not save the run: storage is full \(needs \d+(\.\d+)? MB\); training continues in memory\.$/);
    expect(s.savedStep).toBeNull();
    expect(await page.locator('[data-testid="saved-status"]').textContent()).toBe('Not saved');
    await page.evaluate(() => window.__simclr!.step(2));
    expect((await state(page)).step).toBe(5);
    await page.screenshot({ path: 'test-results/persistence-quota.png' });
    await context.close();
  });
});
