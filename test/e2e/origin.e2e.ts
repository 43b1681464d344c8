/**
 * The page talks to nothing but its own origin: every request is intercepted and
 * any that leaves 127.0.0.1:<port> is recorded and refused; and `npm start`'s
 * server sends the Content-Security-Policy and the cross-origin-isolation
 * headers, under which all three backends still train.
 */
import { describe, expect, it } from 'vitest';
import { builtAppInChromium } from './support/app';

const session = builtAppInChromium();


const SMALL = 'encoder.kind=bench-cnn&encoder.width=8&batchSize=8&imageSize=32&head.hiddenDim=32&head.outDim=32';

describe('the page stays on its own origin', () => {
  it('sends the CSP, COOP and COEP headers', async () => {
    const response = await fetch(session.server.url);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).not.toMatch(/https?:/);
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('makes no request to another origin while loading, training and switching to MNIST', async () => {
    const context = await session.browser.newContext();
    const origin = new URL(session.server.url).origin;
    const foreign: string[] = [];
    const violations: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${session.server.url}#backend=wasm&${SMALL}`);
    await page.waitForFunction(() => window.__simclr !== undefined, undefined, { timeout: 60_000 });
    await page.evaluate(() => window.__simclr!.whenReady(180_000));
    await page.evaluate(() => window.__simclr!.step(3));
    await page.getByTestId('dataset-mnist').check();
    await page.waitForFunction(() => window.__simclr!.state().datasetCount !== 1200 && window.__simclr!.state().ready, undefined, { timeout: 120_000 });
    await page.evaluate(() => window.__simclr!.whenReady(180_000));
    await page.evaluate(() => window.__simclr!.step(2));
    expect(foreign).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
