/**
 * Step metrics as one Float64Array, field-major (all losses, then all
 * accuracies, ...), the compact form they are saved in and sent to the page in
 * after a restore. Float64, so every number comes back exactly.
 */
import type { StepMetrics } from '../../core/train/stepMetrics';

/** The fields of StepMetrics in the order they are stored. */
export const METRIC_FIELDS = [
  'step', 'loss', 'accuracy', 'entropy', 'learningRate', 'meanPositive', 'meanNegative', 'msPerStep', 'imagesPerSecond',
] as const satisfies readonly (keyof StepMetrics)[];

/** `count` steps' metrics; `values[f * count + i]` is field METRIC_FIELDS[f] of step i. */
export interface MetricColumns {
  count: number;
  values: Float64Array;
}

export function metricsToColumns(items: readonly StepMetrics[]): MetricColumns {
  const count = items.length;
  const values = new Float64Array(count * METRIC_FIELDS.length);
  METRIC_FIELDS.forEach((field, f) => {
    for (let i = 0; i < count; i++) values[f * count + i] = items[i]![field];
  });
  return { count, values };
}

export function columnsToMetrics({ count, values }: MetricColumns): StepMetrics[] {
  if (values.length !== count * METRIC_FIELDS.length) {
    throw new Error(`metric columns hold ${values.length} numbers, expected ${count} x ${METRIC_FIELDS.length}`);
  }
  const out: StepMetrics[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const m = {} as StepMetrics;
    METRIC_FIELDS.forEach((field, f) => {
      m[field] = values[f * count + i]!;
    });
    out[i] = m;
  }
  return out;
}
