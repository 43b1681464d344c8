// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Charts } from '../../../src/ui/charts/Charts';
import { MAX_POINTS } from '../../../src/ui/charts/MetricChart';
import { resolveCssVariables, standaloneSvg } from '../../../src/ui/charts/download';
import { similarityHistogram } from '../../../src/state/similarityStats';
import { PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';
import { mergeConfig } from '../../../src/core/config';
import { captureDownloads, click, renderWithStore } from './render';
import { sent } from '../state/fakes';
import type { SimilarityMessage } from '../../../src/worker/protocol';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  vi.restoreAllMocks();
});

const tick = () => new Promise((r) => setTimeout(r, 0));
/** Longer than one update period: every chart has had its slot. */
const wait = (ms: number) => new Promise((res) => setTimeout(res, ms));
/**
 * Past every chart's next slot (each updates once a second, UPDATE_MS) and the
 * frame gate's 100 ms gaps between charts while idle (frameGate.ts): waited in
 * short act scopes, since act renders the retries only when its scope ends.
 */
async function settle(r: { act: (fn: () => void) => unknown }): Promise<void> {
  for (let i = 0; i < 15; i++) await r.act(() => wait(100));
}

/** Value-axis ticks of a chart: [pixel y, value] pairs read from the drawn labels. */
function yTicks(chart: HTMLElement): [number, number][] {
  return [...chart.querySelectorAll('.recharts-yAxis-tick-labels text')].map((t) => [Number(t.getAttribute('y')), Number.parseFloat(t.textContent ?? '')]);
}

/** The value at pixel height `y`, by the linear map through the first and last ticks. */
function valueAt(ticks: [number, number][], y: number): number {
  const [y0, v0] = ticks[0]!;
  const [y1, v1] = ticks[ticks.length - 1]!;
  return v0 + ((y - y0) / (y1 - y0)) * (v1 - v0);
}

/** Points of the path `d` (M x,y L x,y ...). */
const pathPoints = (d: string) => d.split(/[ML]/).filter(Boolean).map((p) => p.split(',').map(Number) as [number, number]);

describe('Charts', () => {
  it('draws the loss with its chance line at ln(2N - 1) for the batch size', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0), sent(3, 3.8)] }));
    await settle(r);
    const loss = r.get('chart-loss');
    // The label names the loss (the page default is NT-Xent).
    expect(loss.textContent).toMatch(/NT-Xent chance ln\(63\)/);
    expect(loss.textContent).toMatch(/ln\(2N − 1\) = 4\.14 nats/);
    const ticks = yTicks(loss);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks.length).toBeLessThanOrEqual(6);
    // The dashed line sits where the axis puts ln(63), and inside the plotted range.
    const chanceY = Number(loss.querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(ticks, chanceY)).toBeCloseTo(Math.log(63), 6);
    // This run: three points, from 4.1 at step 1 down to 3.8 at step 3.
    const curve = loss.querySelector('.live-line');
    expect(curve?.getAttribute('stroke')).toBe('var(--chart-loss)');
    const points = pathPoints(curve?.getAttribute('d') ?? '');
    expect(points).toHaveLength(3);
    expect(valueAt(ticks, points[0]![1])).toBeCloseTo(4.1, 1);
    expect(valueAt(ticks, points[2]![1])).toBeCloseTo(3.8, 1);
    expect(loss.querySelector('.chart-plot')?.getAttribute('aria-label')).toBe('Loss (NT-Xent): 3.8 at step 3. Left and right arrow keys read the points.');
  });

  it('moves the chance line with the batch size', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'configApplied', config: { ...PLAYGROUND_DEFAULT, batchSize: 8 }, rebuilt: false, message: '' }));
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 2.6), sent(2, 2.4)] }));
    await settle(r);
    const loss = r.get('chart-loss');
    expect(loss.textContent).toMatch(/chance ln\(15\)/);
    const chanceY = Number(loss.querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(yTicks(loss), chanceY)).toBeCloseTo(Math.log(15), 6);
  });

  it('draws the chance line of the configured loss, named in its label', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    const logistic = mergeConfig(PLAYGROUND_DEFAULT, { loss: { kind: 'nt-logistic', temperature: 0.5 } });
    r.act(() => r.store.getState().receive({ type: 'configApplied', config: logistic, rebuilt: false, message: '' }));
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 2.0), sent(2, 1.5)] }));
    await settle(r);
    let loss = r.get('chart-loss');
    const logisticChance = softplus(-2) + softplus(2); // 2.25 at tau = 0.5, not ln(63)
    expect(loss.textContent).toMatch(/NT-Logistic chance 2\.25/);
    expect(loss.textContent).toMatch(/softplus\(−1\/τ\) \+ softplus\(1\/τ\) = 2\.25 nats at τ = 0\.5/);
    expect(loss.textContent).not.toMatch(/ln\(63\)/);
    let chanceY = Number(loss.querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(yTicks(loss), chanceY)).toBeCloseTo(logisticChance, 6);
    expect(loss.querySelector('.chart-plot')?.getAttribute('aria-label')).toBe('Loss (NT-Logistic): 1.5 at step 2. Left and right arrow keys read the points.');

    const triplet = mergeConfig(PLAYGROUND_DEFAULT, { loss: { kind: 'margin-triplet', margin: 0.8 } });
    r.act(() => r.store.getState().receive({ type: 'configApplied', config: triplet, rebuilt: false, message: '' }));
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(3, 0.7), sent(4, 0.6)] }));
    await settle(r);
    loss = r.get('chart-loss');
    expect(loss.textContent).toMatch(/Margin triplet chance m = 0\.8/);
    chanceY = Number(loss.querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(yTicks(loss), chanceY)).toBeCloseTo(0.8, 6);
    expect(loss.querySelector('.chart-plot')?.getAttribute('aria-label')).toBe('Loss (Margin triplet): 0.6 at step 4. Left and right arrow keys read the points.');
    // The entropy chart's uniform line is ln(2N - 1) whatever the loss.
    const entropyY = Number(r.get('chart-entropy').querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(yTicks(r.get('chart-entropy')), entropyY)).toBeCloseTo(Math.log(63), 6);
  });

  it(`draws a long run with at most ${MAX_POINTS} points and keeps its spike`, async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    const items = Array.from({ length: 5000 }, (_, i) => sent(i + 1, i === 2500 ? 9 : 4 - i / 5000));
    r.act(() => r.store.getState().receive({ type: 'metrics', items }));
    await settle(r);
    const loss = r.get('chart-loss');
    const points = pathPoints(loss.querySelector('.live-line')?.getAttribute('d') ?? '');
    expect(points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(points.length).toBeGreaterThan(MAX_POINTS / 2);
    const ticks = yTicks(loss);
    const top = Math.min(...points.map((p) => p[1]));
    expect(valueAt(ticks, top)).toBeCloseTo(9, 1);
    // The step axis reaches the last step, with a few round ticks.
    const xLabels = [...loss.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => Number(t.textContent));
    expect(xLabels.length).toBeLessThanOrEqual(6);
    expect(Math.max(...xLabels)).toBeGreaterThanOrEqual(5000);
  });

  it("draws this run's line inside the chart's own surface, on recharts' step axis", async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0), sent(3, 3.8), sent(4, 3.9), sent(5, 3.7)] }));
    await settle(r);
    const loss = r.get('chart-loss');
    // In recharts' <svg>, so a PNG download (which serialises that svg) has it.
    const curve = loss.querySelector('.recharts-wrapper > svg .live-line');
    expect(curve).not.toBeNull();
    const points = pathPoints(curve!.getAttribute('d') ?? '');
    expect(points).toHaveLength(5);
    // Each point sits over its step on the axis recharts drew.
    const xTicks = [...loss.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => [Number(t.getAttribute('x')), Number(t.textContent)] as [number, number]);
    expect(xTicks.length).toBeGreaterThanOrEqual(2);
    points.forEach(([x], i) => expect(valueAt(xTicks, x)).toBeCloseTo(i + 1, 1));
  });

  it('draws grid, axes and reference line in place: each chart keeps only the tick labels\' portal layer', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0), sent(3, 3.8)] }));
    const values = new Float32Array([1, 0, 0.9, 0, 0, 1, 0, 0.9, 0.9, 0, 1, 0, 0, 0.9, 0, 1]);
    r.act(() => r.store.getState().receive({ type: 'similarity', step: 3, size: 4, values, imageIndices: new Int32Array([0, 1]), temperature: 0.5 }));
    await settle(r);
    for (const id of ['chart-loss', 'chart-accuracy', 'chart-entropy', 'chart-lr', 'chart-histogram']) {
      const surface = r.get(id).querySelector('.recharts-wrapper > svg')!;
      // recharts 3 keeps an empty <g> per z-index; drawing into one is a React portal, with ~190 event listeners on the <g>.
      // Without IN_PLACE the grid (-100), lines (400) and axes (500) would each fill one.
      const used = [...surface.querySelectorAll('[class*="recharts-zIndex-layer"]')].filter((g) => g.childElementCount > 0);
      expect(used.map((g) => g.getAttribute('class')), id).toEqual(['recharts-zIndex-layer_2000']);
      expect(surface.querySelector('.recharts-cartesian-grid'), id).not.toBeNull();
      expect(surface.querySelectorAll('.recharts-cartesian-axis'), id).toHaveLength(2);
    }
    expect(r.get('chart-loss').querySelector('.recharts-wrapper > svg .recharts-reference-line line')).not.toBeNull();
  });

  it('leaves the recharts frame untouched when only the data changes', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: Array.from({ length: 9 }, (_, i) => sent(i + 1, 4.1 - i * 0.05)) }));
    await settle(r);
    const loss = r.get('chart-loss');
    const surface = loss.querySelector('.recharts-wrapper > svg')!;
    const changed: Node[] = [];
    const observer = new MutationObserver((records) => changed.push(...records.map((m) => m.target)));
    observer.observe(surface, { subtree: true, childList: true, attributes: true, characterData: true });
    const before = loss.querySelector('.live-line')!.getAttribute('d');
    const ticks = (axis: string) => [...loss.querySelectorAll(`.recharts-${axis}-tick-labels text`)].map((t) => t.textContent).join();
    const axes = [ticks('xAxis'), ticks('yAxis')];
    // A point within the axes (the step axis already runs to 10).
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(10, 3.8)] }));
    await settle(r);
    observer.disconnect();
    expect(loss.querySelector('.live-line')!.getAttribute('d')).not.toBe(before);
    expect([ticks('xAxis'), ticks('yAxis')]).toEqual(axes);
    const outside = changed.filter((n) => !(n instanceof Element ? n : n.parentElement)?.closest('.live-series'));
    expect(outside).toEqual([]);
  });

  it('reads out the point under the pointer and steps through points with the arrow keys', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0), sent(3, 3.8)] }));
    await settle(r);
    const loss = r.get('chart-loss');
    const plot = loss.querySelector<HTMLElement>('.chart-plot')!;
    const readOut = () => loss.querySelector('.live-tooltip')?.textContent ?? null;
    expect(readOut()).toBeNull();
    // The pointer over step 2 (its pixel on the drawn line; the plot's box starts at 0 here).
    const [, second] = pathPoints(loss.querySelector('.live-line')!.getAttribute('d') ?? '');
    r.act(() => plot.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: second![0] + 1, clientY: 50 })));
    expect(readOut()).toBe('step 2: 4');
    expect(loss.querySelector('.live-dot')).not.toBeNull();
    // React makes its pointerleave from the browser's pointerout (to an element outside the plot).
    r.act(() => plot.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body })));
    expect(readOut()).toBeNull();
    // Keys: the first arrow starts from the latest point.
    const key = (k: string) => r.act(() => plot.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
    key('ArrowLeft');
    expect(readOut()).toBe('step 2: 4');
    key('ArrowLeft');
    key('ArrowLeft');
    expect(readOut()).toBe('step 1: 4.1');
    key('End');
    expect(readOut()).toBe('step 3: 3.8');
    expect(plot.getAttribute('aria-label')).toMatch(/^Loss \(NT-Xent\): 3\.8 at step 3\./);
  });

  it('downloads every step as CSV', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0)] }));
    const saved = captureDownloads();
    click(r.get('chart-loss-csv'));
    await tick();
    expect(saved.map((f) => f.name)).toEqual(['simclr-loss-nt-xent.csv']);
    expect(await saved[0]!.blob.text()).toBe(`step,loss,NT-Xent chance ln(63)\n1,4.1,${Math.log(63)}\n2,4,${Math.log(63)}\n`);
  });

  it('histograms positives against negatives from the latest matrix, with a legend', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    // 2N = 4: every positive pair at 0.9, every negative at 0.
    const size = 4;
    const values = new Float32Array([1, 0, 0.9, 0, 0, 1, 0, 0.9, 0.9, 0, 1, 0, 0, 0.9, 0, 1]);
    const message: SimilarityMessage = { type: 'similarity', step: 8, size, values, imageIndices: new Int32Array([0, 1]), temperature: 0.5 };
    r.act(() => r.store.getState().receive(message));
    await settle(r);
    const hist = r.get('chart-histogram');
    expect(hist.textContent).toMatch(/Step 9/);
    expect(hist.querySelector('.chart-legend')?.textContent).toBe('negativespositives');
    // One full bar per series, the positives' to the right of the negatives'.
    const bars = [...hist.querySelectorAll('.recharts-wrapper > svg .live-bar')];
    expect(bars).toHaveLength(2);
    const byFill = Object.fromEntries(bars.map((b) => [b.getAttribute('fill'), b]));
    const x = (fill: string) => Number(byFill[fill]?.getAttribute('x'));
    expect(x('var(--chart-positive)')).toBeGreaterThan(x('var(--chart-negative)'));
    // Both bars reach 100% (each series is normalised on its own).
    const ticks = yTicks(hist).map(([y, v]) => [y, v / 100] as [number, number]);
    for (const b of bars) expect(valueAt(ticks, Number(b.getAttribute('y')))).toBeCloseTo(1, 6);
    // The positives' bar spans the bin 0.8 to 0.9 (float32 0.9 is just under 0.9) of the cosine axis recharts drew.
    const xTicks = [...hist.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => [Number(t.getAttribute('x')), Number(t.textContent)] as [number, number]);
    const positive = byFill['var(--chart-positive)']!;
    expect(valueAt(xTicks, x('var(--chart-positive)'))).toBeCloseTo(0.8, 6);
    expect(valueAt(xTicks, x('var(--chart-positive)') + Number(positive.getAttribute('width')))).toBeCloseTo(0.9, 6);

    // Read-out: the pointer over the positives' bar, then the arrow keys to the bin on its left.
    const plot = hist.querySelector<HTMLElement>('.chart-plot')!;
    const readOut = () => hist.querySelector('.live-tooltip')?.textContent ?? null;
    r.act(() => plot.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: x('var(--chart-positive)') + 2, clientY: 60 })));
    expect(readOut()).toBe('cos 0.80 to 0.90positives 100%, negatives 0%');
    r.act(() => plot.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })));
    expect(readOut()).toBe('cos 0.70 to 0.80positives 0%, negatives 0%');
    r.act(() => plot.dispatchEvent(new PointerEvent('pointerout', { bubbles: true, relatedTarget: document.body })));
    expect(readOut()).toBeNull();
  });
});

describe('chart PNG', () => {
  it('resolves CSS variables, so the image has the theme colours', () => {
    const lookup = (name: string) => ({ '--a': '#123456', '--b': '' })[name] ?? '';
    expect(resolveCssVariables('<p fill="var(--a)" stroke="var(--b, red)" style="fill: var(--c)"/>', lookup)).toBe(
      '<p fill="#123456" stroke="red" style="fill: currentColor"/>',
    );
  });

  it('writes a standalone SVG document with a background', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('style', '--chart-loss: #e4572e');
    svg.setAttribute('width', '300');
    svg.setAttribute('height', '180');
    svg.innerHTML = '<path d="M0,0L10,10" stroke="var(--chart-loss)"/>';
    document.body.append(svg);
    const markup = standaloneSvg(svg, '#ffffff', '#000000');
    svg.remove();
    expect(markup).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(markup).toMatch(/width="300"/);
    expect(markup).toMatch(/<rect width="100%" height="100%" fill="#ffffff"/);
    expect(markup).toMatch(/stroke="#e4572e"/);
    expect(markup).not.toMatch(/var\(/);
  });
});
