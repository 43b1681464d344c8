// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Charts } from '../../../src/ui/charts/Charts';
import { occupiedBins } from '../../../src/ui/charts/HistogramChart';
import { MAX_POINTS } from '../../../src/ui/charts/MetricChart';
import { resolveCssVariables, standaloneSvg } from '../../../src/ui/charts/download';
import { similarityHistogram } from '../../../src/state/similarityStats';
import { PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';
import { mergeConfig } from '../../../src/core/config';
import { click, renderWithStore } from './render';
import { sent } from '../state/fakes';
import type { SimilarityMessage } from '../../../src/worker/protocol';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  vi.restoreAllMocks();
});

const tick = () => new Promise((r) => setTimeout(r, 0));
/** Longer than one update period: every chart has had its slot. */
const nextSlot = () => new Promise((r) => setTimeout(r, 1100));

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
    await r.act(nextSlot);
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
    const curve = loss.querySelector('.recharts-line-curve');
    expect(curve?.getAttribute('stroke')).toBe('var(--chart-loss)');
    const points = pathPoints(curve?.getAttribute('d') ?? '');
    expect(points).toHaveLength(3);
    expect(valueAt(ticks, points[0]![1])).toBeCloseTo(4.1, 1);
    expect(valueAt(ticks, points[2]![1])).toBeCloseTo(3.8, 1);
    expect(loss.querySelector('svg.recharts-surface')?.getAttribute('aria-label')).toBe('Loss (NT-Xent): 3.8 at step 3');
  });

  it('moves the chance line with the batch size', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'configApplied', config: { ...PLAYGROUND_DEFAULT, batchSize: 8 }, rebuilt: false, message: '' }));
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 2.6), sent(2, 2.4)] }));
    await r.act(nextSlot);
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
    await r.act(nextSlot);
    let loss = r.get('chart-loss');
    const logisticChance = softplus(-2) + softplus(2); // 2.25 at tau = 0.5, not ln(63)
    expect(loss.textContent).toMatch(/NT-Logistic chance 2\.25/);
    expect(loss.textContent).toMatch(/softplus\(−1\/τ\) \+ softplus\(1\/τ\) = 2\.25 nats at τ = 0\.5/);
    expect(loss.textContent).not.toMatch(/ln\(63\)/);
    let chanceY = Number(loss.querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(yTicks(loss), chanceY)).toBeCloseTo(logisticChance, 6);
    expect(loss.querySelector('svg.recharts-surface')?.getAttribute('aria-label')).toBe('Loss (NT-Logistic): 1.5 at step 2');

    const triplet = mergeConfig(PLAYGROUND_DEFAULT, { loss: { kind: 'margin-triplet', margin: 0.8 } });
    r.act(() => r.store.getState().receive({ type: 'configApplied', config: triplet, rebuilt: false, message: '' }));
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(3, 0.7), sent(4, 0.6)] }));
    await r.act(nextSlot);
    loss = r.get('chart-loss');
    expect(loss.textContent).toMatch(/Margin triplet chance m = 0\.8/);
    chanceY = Number(loss.querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(yTicks(loss), chanceY)).toBeCloseTo(0.8, 6);
    expect(loss.querySelector('svg.recharts-surface')?.getAttribute('aria-label')).toBe('Loss (Margin triplet): 0.6 at step 4');
    // The entropy chart's uniform line is ln(2N - 1) whatever the loss.
    const entropyY = Number(r.get('chart-entropy').querySelector('.recharts-reference-line line')?.getAttribute('y1'));
    expect(valueAt(yTicks(r.get('chart-entropy')), entropyY)).toBeCloseTo(Math.log(63), 6);
  });

  it(`draws a long run with at most ${MAX_POINTS} points and keeps its spike`, async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    const items = Array.from({ length: 5000 }, (_, i) => sent(i + 1, i === 2500 ? 9 : 4 - i / 5000));
    r.act(() => r.store.getState().receive({ type: 'metrics', items }));
    await r.act(nextSlot);
    const loss = r.get('chart-loss');
    const points = pathPoints(loss.querySelector('.recharts-line-curve')?.getAttribute('d') ?? '');
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

  it('downloads every step as CSV', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0)] }));
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    click(r.get('chart-loss-csv'));
    await tick();
    expect(blob).toBeDefined();
    expect(await blob!.text()).toBe(`step,loss,NT-Xent chance ln(63)\n1,4.1,${Math.log(63)}\n2,4,${Math.log(63)}\n`);
  });

  it('histograms positives against negatives from the latest matrix, with a legend', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    // 2N = 4: every positive pair at 0.9, every negative at 0.
    const size = 4;
    const values = new Float32Array([1, 0, 0.9, 0, 0, 1, 0, 0.9, 0.9, 0, 1, 0, 0, 0.9, 0, 1]);
    const message: SimilarityMessage = { type: 'similarity', step: 8, size, values, imageIndices: new Int32Array([0, 1]), temperature: 0.5 };
    r.act(() => r.store.getState().receive(message));
    await r.act(nextSlot);
    const hist = r.get('chart-histogram');
    expect(hist.textContent).toMatch(/Step 9/);
    expect(hist.querySelector('.chart-legend')?.textContent).toBe('negativespositives');
    // One full bar per series, the positives' to the right of the negatives'.
    const bars = [...hist.querySelectorAll('.recharts-bar-rectangle rect')];
    expect(bars).toHaveLength(2);
    const byFill = Object.fromEntries(bars.map((b) => [b.getAttribute('fill'), b]));
    const x = (fill: string) => Number(byFill[fill]?.getAttribute('x'));
    expect(x('var(--chart-positive)')).toBeGreaterThan(x('var(--chart-negative)'));
    // Both bars reach 100% (each series is normalised on its own).
    const ticks = yTicks(hist).map(([y, v]) => [y, v / 100] as [number, number]);
    for (const b of bars) expect(valueAt(ticks, Number(b.getAttribute('y')))).toBeCloseTo(1, 6);
  });
});

describe('histogram bins', () => {
  it('draws only the occupied range, with an empty bin each side', () => {
    const values = new Float32Array([1, 0, 0.9, 0, 0, 1, 0, 0.9, 0.9, 0, 1, 0, 0, 0.9, 0, 1]);
    const bins = similarityHistogram(values, 4, 20);
    const drawn = occupiedBins(bins);
    expect(drawn[0]!.x0).toBeCloseTo(-0.1);
    expect(drawn[drawn.length - 1]!.x1).toBeCloseTo(1);
    expect(drawn.reduce((s, b) => s + b.positive, 0)).toBeCloseTo(1);
    expect(drawn.reduce((s, b) => s + b.negative, 0)).toBeCloseTo(1);
    expect(occupiedBins(similarityHistogram(new Float32Array(16), 4, 20))).toHaveLength(3);
    const empty = similarityHistogram(new Float32Array(0), 0, 20);
    expect(occupiedBins(empty)).toBe(empty);
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
