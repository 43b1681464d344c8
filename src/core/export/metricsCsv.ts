/**
 * The metrics history of a run as CSV: a header naming the `StepMetrics`
 * fields, then one row per step, newline-terminated (LF).
 *
 * The `step` column counts steps done, from 1: the row of the first training
 * step has step 1, as the page's charts, the run bar and `__simclr.losses()`
 * show it (the worker numbers that step 0; the page adds 1 on arrival, see
 * state/slices/receive.ts). `metricsCsv` writes `step` as given, so it is
 * called with the page's history (`metrics.history`), never with the worker's
 * raw messages.
 *
 * Numbers are written so they read back exactly with `Number(cell)`:
 * `String(x)` (the shortest decimal that round-trips a double), `-0` kept as
 * `-0`, and non-finite values as `NaN`, `Infinity` and `-Infinity`.
 * DOM-free.
 */
import type { StepMetrics } from '../train/stepMetrics';

/** Columns of the CSV, in order; each is a field of `StepMetrics`. */
export const METRICS_CSV_COLUMNS = [
  'step', 'loss', 'accuracy', 'entropy', 'learningRate', 'meanPositive', 'meanNegative', 'msPerStep', 'imagesPerSecond',
] as const satisfies readonly (keyof StepMetrics)[];

/** CSV text of `rows` (numbered as the page numbers them: step = steps done, from 1): the header, then one line per entry. */
export function metricsCsv(rows: readonly StepMetrics[]): string {
  const lines = [METRICS_CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(METRICS_CSV_COLUMNS.map((c) => formatNumber(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Parses CSV written by `metricsCsv` (columns found by header name, in any
 * order; CRLF accepted) back into `StepMetrics`.
 * @throws when a column is missing or a cell is not a number.
 */
export function parseMetricsCsv(text: string): StepMetrics[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error('parseMetricsCsv: empty text (no header)');
  const header = lines[0]!.split(',');
  const at = METRICS_CSV_COLUMNS.map((c) => {
    const i = header.indexOf(c);
    if (i < 0) throw new Error(`parseMetricsCsv: no "${c}" column in the header`);
    return i;
  });
  return lines.slice(1).map((line, r) => {
    const cells = line.split(',');
    const out = {} as StepMetrics;
    METRICS_CSV_COLUMNS.forEach((c, k) => {
      const cell = cells[at[k]!];
      const value = cell === undefined || cell.trim() === '' ? Number.NaN : Number(cell);
      if (Number.isNaN(value) && cell !== 'NaN') throw new Error(`parseMetricsCsv: row ${r + 1}, column ${c}: "${cell ?? ''}" is not a number`);
      out[c] = value;
    });
    return out;
  });
}

/** `String(x)`, but -0 as `-0` (String gives `0`); NaN and +-Infinity come out as `NaN`, `Infinity`, `-Infinity`. */
function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}
