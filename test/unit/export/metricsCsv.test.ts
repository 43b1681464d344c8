import { describe, expect, it } from 'vitest';
import { metricsCsv, METRICS_CSV_COLUMNS, parseMetricsCsv } from '../../../src/core/export';
import { createTestApi } from '../../../src/state/testApi';
import type { StepMetrics } from '../../../src/worker/protocol';
import { makeStore, metric, readyMessage } from '../state/fakes';

function lines(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('metrics CSV', () => {
  const row = (step: number, extra: Partial<StepMetrics> = {}): StepMetrics => ({
    step, loss: 4.1588830833596715, accuracy: 0.015625, entropy: 4.85, learningRate: 0.1 + 0.2,
    meanPositive: 0.9, meanNegative: -0.01, msPerStep: 123.456, imagesPerSecond: 518.4, ...extra,
  });
  // Numbered as the page numbers them: steps done, from 1.
  const rows: StepMetrics[] = [
    row(1),
    row(2, { loss: Number.NaN, learningRate: 0, meanNegative: -0 }),
    row(3, { loss: Number.POSITIVE_INFINITY, entropy: Number.NEGATIVE_INFINITY, msPerStep: 1e-300, imagesPerSecond: 1.7976931348623157e308 }),
    row(4, { accuracy: 1 / 3, meanPositive: 5e-324, learningRate: 2.5e-7 }),
  ];

  it('has the header and one line per step', () => {
    const out = lines(metricsCsv(rows));
    expect(out[0]).toBe('step,loss,accuracy,entropy,learningRate,meanPositive,meanNegative,msPerStep,imagesPerSecond');
    expect(out[0]!.split(',')).toEqual([...METRICS_CSV_COLUMNS]);
    expect(out).toHaveLength(rows.length + 1);
    for (const l of out) expect(l.split(',')).toHaveLength(9);
    expect(out[2]).toContain(',NaN,');
    expect(out[3]).toContain(',Infinity,');
    expect(out[3]).toContain(',-Infinity,');
    expect(metricsCsv([])).toBe(`${METRICS_CSV_COLUMNS.join(',')}\n`);
  });

  it('reads back every number exactly, NaN, Infinity and -0 included', () => {
    const back = parseMetricsCsv(metricsCsv(rows));
    expect(back).toHaveLength(rows.length);
    back.forEach((b, i) => {
      for (const c of METRICS_CSV_COLUMNS) expect(Object.is(b[c], rows[i]![c]), `${i} ${c}: ${b[c]} vs ${rows[i]![c]}`).toBe(true);
    });
    // Number() reads the cells as well (what spreadsheets and pandas do with these tokens).
    const cells = lines(metricsCsv(rows))[4]!.split(',');
    expect(Number(cells[2])).toBe(1 / 3);
    expect(() => parseMetricsCsv('step,loss\n1,2\n')).toThrow(/no "accuracy" column/);
  });

  it('numbers steps as the page shows them: the first step is step 1, as in the charts and losses()', () => {
    const { store } = makeStore();
    store.getState().receive(readyMessage());
    // The worker numbers the first step 0.
    store.getState().receive({ type: 'metrics', items: [metric(0, 4.2), metric(1, 4.1), metric(2, 4.0)] });
    const api = createTestApi(store);
    const csv = parseMetricsCsv(metricsCsv(store.getState().metrics.history));
    expect(csv.map((r) => [r.step, r.loss])).toEqual(api.losses());
    expect(csv.map((r) => r.step)).toEqual([1, 2, 3]);
    // The chart's x values are the same steps.
    expect(store.getState().metrics.chart.map((m) => m.step)).toEqual([1, 2, 3]);
    // The run bar's step (steps done) is the last row's.
    expect(store.getState().step).toBe(3);
  });
});
