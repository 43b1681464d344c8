/**
 * The metrics slice: step metrics (history, chart, rates), the latest
 * similarity matrix and preview. The matrix and preview arrive up to ten times
 * a second; components that draw them subscribe to the store instead of
 * re-rendering.
 */
import { appendMetrics, EMPTY_METRICS, EMPTY_RATE, lastStep, trackRate } from '../metricsLog';
import type { MetricsSlice, SliceCreator, StoreDeps } from '../types';

export const createMetricsSlice = (deps: StoreDeps): SliceCreator<MetricsSlice> => (set, get) => ({
  step: 0,
  latest: null,
  metrics: EMPTY_METRICS,
  previousChart: [],
  rate: EMPTY_RATE,
  similarity: null,
  preview: null,
  previewPending: false,

  requestPreview(resample = false) {
    if (!get().ready) return;
    set({ previewPending: true });
    deps.port.send(resample ? { type: 'requestPreview', resample: true } : { type: 'requestPreview' });
  },

  onMetrics(items) {
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    // The step went back: a new run began (reset or rebuild) before we were told.
    if (get().metrics.history.length > 0 && first.step <= lastStep(get().metrics)) get().startNewRun();
    set((s) => ({
      metrics: appendMetrics(s.metrics, items),
      latest: last,
      step: last.step,
      rate: trackRate(s.rate, deps.now(), last.step, last.imagesPerSecond),
    }));
  },

  onSimilarity(message) {
    set({ similarity: message });
  },

  onPreview(message) {
    set({ preview: message, previewPending: false });
  },

  startNewRun() {
    set((s) => {
      if (s.metrics.history.length === 0) return { step: 0, rate: EMPTY_RATE };
      return {
        previousChart: s.metrics.chart,
        metrics: EMPTY_METRICS,
        latest: null,
        step: 0,
        rate: EMPTY_RATE,
      };
    });
  },
});
