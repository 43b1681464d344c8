/**
 * Bad input in a real browser, one table: every file the user might drop, and
 * what must happen to it. Usable files are kept; every refused one is listed
 * with a reason that says what is wrong; training goes on. Also: a single image
 * (SimCLR needs two) and a dataset over the memory cap.
 * Fixtures are made by PIL (fixtures/make_bad_inputs.py), so they are real files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { watchErrors } from './support/browser';
import { builtAppInChromium } from './support/app';

const session = builtAppInChromium();

/** Each file, and the reason it must be refused with (undefined: it must be used). */
const TABLE: [file: string, refusal: RegExp | undefined][] = [
  ['ok-red.png', undefined],
  ['ok-blue.jpg', undefined],
  ['grey.png', undefined],
  ['alpha.png', undefined],
  ['cmyk.jpg', undefined],
  ['animated.gif', undefined], // its first frame
  ['notes.txt', /not an image/],
  ['fake.png', /not an image this page can read/],
  ['empty.png', /empty/],
  ['truncated.jpg', /truncated/],
  ['drawing.svg', /SVG/],
  ['huge.png', /10000 x 10000 pixels/],
];

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'simclr-bad-'));
  const script = fileURLToPath(new URL('./fixtures/make_bad_inputs.py', import.meta.url));
  const made = spawnSync('/usr/bin/python3', [script, dir], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`could not make the fixtures (needs /usr/bin/python3 with PIL): ${made.stderr}`);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

const SMALL = 'encoder.kind=bench-cnn&encoder.width=8&batchSize=4&head.hiddenDim=32&head.outDim=32';

async function open(hash: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(`${session.server.url}#backend=wasm&${hash}`);
  await page.waitForFunction(() => window.__simclr !== undefined, undefined, { timeout: 60_000 });
  await page.evaluate(() => window.__simclr!.whenReady(180_000));
  return page;
}

/** Waits until the worker has answered the upload (dataset count changed from the shapes preset). */
async function waitForUpload(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => {
    const s = window.__simclr!.state();
    return s.datasetCount === n || s.notices.some((x) => x.code === 'dataset-too-small' || x.code === 'dataset-empty');
  }, count, { timeout: 120_000 });
}

describe('bad input', () => {
  it('uses every usable file, refuses each bad one with its reason, and trains on', async () => {
    const page = await open(`${SMALL}&imageSize=32`);
    const errors = watchErrors(page);
    await page.getByTestId('file-input').setInputFiles(TABLE.map(([f]) => join(dir, f)));
    const usable = TABLE.filter(([, r]) => !r).length;
    await waitForUpload(page, usable);
    const listed = (await page.getByTestId('rejected').locator('li').allTextContents()).map((t) => t.trim());
    for (const [file, refusal] of TABLE) {
      const line = listed.find((l) => l.startsWith(`${file}:`));
      if (refusal) {
        expect(line, `${file} should be refused; listed: ${listed.join(' | ')}`).toBeDefined();
        expect(line).toMatch(refusal);
      } else {
        expect(line, `${file} should be used`).toBeUndefined();
      }
    }
    const state = await page.evaluate(() => window.__simclr!.state());
    expect(state.datasetCount).toBe(usable);
    const stepped = await page.evaluate(() => window.__simclr!.step(2));
    expect(stepped).toBeGreaterThanOrEqual(2);
    expect(Number.isFinite((await page.evaluate(() => window.__simclr!.state())).loss)).toBe(true);
    // The SVG was never put into the page.
    expect(await page.locator('svg script').count()).toBe(0);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await page.screenshot({ path: 'test-results/bad-input.png', fullPage: true });
    await page.close();
  });

  it('a single image is refused (SimCLR needs two) and the built-in dataset stays loaded', async () => {
    const page = await open(SMALL);
    await page.getByTestId('file-input').setInputFiles([join(dir, 'ok-red.png')]);
    await page.waitForFunction(() => window.__simclr!.state().notices.some((n) => n.code === 'dataset-too-small'), undefined, { timeout: 120_000 });
    const state = await page.evaluate(() => window.__simclr!.state());
    expect(state.notices.find((n) => n.code === 'dataset-too-small')!.message).toMatch(/at least 2/);
    expect(state.datasetCount).toBe(1200);
    expect(await page.evaluate(() => window.__simclr!.step(1))).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('thousands of images are capped with a message that says how many were kept', async () => {
    // At 96 px the dataset budget holds 2427 colour images; offer 2600 small PNGs.
    const many = join(dir, 'many');
    spawnSync('mkdir', ['-p', many]);
    const png = readdirSync(dir).includes('ok-red.png') ? join(dir, 'ok-red.png') : '';
    const bytes = await import('node:fs').then((fs) => fs.readFileSync(png));
    const files = Array.from({ length: 2600 }, (_, i) => {
      const f = join(many, `img-${i}.png`);
      writeFileSync(f, bytes);
      return f;
    });
    const page = await open(`${SMALL}&imageSize=96`);
    await page.getByTestId('file-input').setInputFiles(files);
    await page.waitForFunction(() => window.__simclr!.state().notices.some((n) => n.code === 'dataset-capped'), undefined, { timeout: 240_000 });
    const state = await page.evaluate(() => window.__simclr!.state());
    const notice = state.notices.find((n) => n.code === 'dataset-capped')!.message;
    const kept = Number(/Kept the first (\d+) of (\d+)/.exec(notice)?.[1]);
    expect(notice).toMatch(/Kept the first \d+ of 2600 images/);
    expect(kept).toBeGreaterThan(1000);
    expect(kept).toBeLessThan(2600);
    await page.waitForFunction((n) => window.__simclr!.state().datasetCount === n, kept, { timeout: 120_000 });
    await page.close();
  });
});
