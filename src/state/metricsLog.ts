/**
 * Pure reducers for the metric stream: the full history (for CSV), a chart
 * series of bounded length (bucket means, so long runs stay smooth and cheap to
 * draw) and a steps-per-second tracker over a sliding window of wall time.
 */
import type { StepMetrics } from '../worker/protocol';

/** Most points a chart series holds; beyond it, neighbouring points are averaged in pairs. */
export const CHART_POINTS = 400;
/** Most steps kept for CSV; the oldest are dropped beyond. */
export const HISTORY_LIMIT = 200_000;

export interface MetricsView {
  history: StepMetrics[];
  chart: StepMetrics[];
  /** Steps per chart point. */
  stride: number;
  /** Steps gathered for the next chart point. */
  pending: StepMetrics[];
}

export const EMPTY_METRICS: MetricsView = { history: [], chart: [], stride: 1, pending: [] };

const NUMERIC_KEYS: (keyof StepMetrics)[] = [
  'loss', 'accuracy', 'entropy', 'learningRate', 'meanPositive', 'meanNegative', 'msPerStep', 'imagesPerSecond',
];

/** The mean of `items`, labelled with the last item's step. */
export function meanPoint(items: readonly StepMetrics[]): StepMetrics {
  const last = items[items.length - 1];
  if (!last) throw new Error('meanPoint needs at least one item');
  const out: StepMetrics = { ...last };
  for (const key of NUMERIC_KEYS) {
    let sum = 0;
    for (const item of items) sum += item[key];
    out[key] = sum / items.length;
  }
  return out;
}

function halve(chart: StepMetrics[]): StepMetrics[] {
  const out: StepMetrics[] = [];
  for (let i = 0; i + 1 < chart.length; i += 2) out.push(meanPoint([chart[i]!, chart[i + 1]!]));
  if (chart.length % 2 === 1) out.push(chart[chart.length - 1]!);
  return out;
}

/** `view` with `items` appended; `view` is not changed. */
export function appendMetrics(view: MetricsView, items: readonly StepMetrics[], limit = CHART_POINTS): MetricsView {
  if (items.length === 0) return view;
  let history = view.history.concat(items);
  if (history.length > HISTORY_LIMIT) history = history.slice(history.length - HISTORY_LIMIT);
  let chart = view.chart;
  let stride = view.stride;
  let pending = view.pending.slice();
  let grew = false;
  for (const item of items) {
    pending.push(item);
    if (pending.length >= stride) {
      if (!grew) {
        chart = chart.slice();
        grew = true;
      }
      chart.push(meanPoint(pending));
      pending = [];
      if (chart.length > limit) {
        chart = halve(chart);
        stride *= 2;
      }
    }
  }
  return { history, chart, stride, pending };
}

/** The chart series with the partial bucket shown too, so the line reaches the latest step. */
export function chartSeries(view: MetricsView): StepMetrics[] {
  return view.pending.length > 0 ? [...view.chart, meanPoint(view.pending)] : view.chart;
}

/** The last step seen, or 0. */
export function lastStep(view: MetricsView): number {
  return view.history[view.history.length - 1]?.step ?? 0;
}

export interface RateTracker {
  /** [time ms, step] samples, oldest first, within `windowMs` of the newest. */
  samples: [number, number][];
  stepsPerSecond: number;
  imagesPerSecond: number;
}

export const EMPTY_RATE: RateTracker = { samples: [], stepsPerSecond: 0, imagesPerSecond: 0 };

/** Adds a sample and recomputes the rates over the window. */
export function trackRate(
  rate: RateTracker,
  time: number,
  step: number,
  imagesPerSecond: number,
  windowMs = 3000,
): RateTracker {
  const samples = rate.samples.filter(([t, s]) => time - t <= windowMs && s <= step);
  samples.push([time, step]);
  const first = samples[0]!;
  const seconds = (time - first[0]) / 1000;
  const stepsPerSecond = seconds > 0 ? (step - first[1]) / seconds : rate.stepsPerSecond;
  return { samples, stepsPerSecond, imagesPerSecond };
}
