/**
 * Large text exports (embeddings, long metric logs) built in slices, yielding
 * to the event loop between them, so no slice blocks the page for long.
 */
import { vectorsTsv } from '../../core/export/embeddingsTsv';
import { metricsCsv } from '../../core/export/metricsCsv';
import type { StepMetrics } from '../../worker/protocol';

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** About this many numbers are formatted per slice (~10-20 ms). */
const NUMBERS_PER_SLICE = 40_000;

/** vectors.tsv as parts to join (each a run of whole rows). */
export async function vectorsTsvParts(values: Float32Array, dim: number): Promise<string[]> {
  const rows = values.length / dim;
  const perSlice = Math.max(1, Math.floor(NUMBERS_PER_SLICE / dim));
  const parts: string[] = [];
  for (let r = 0; r < rows; r += perSlice) {
    const end = Math.min(rows, r + perSlice);
    parts.push(vectorsTsv(values.subarray(r * dim, end * dim), dim));
    if (end < rows) await yieldToPage();
  }
  return parts;
}

/** The metrics CSV as parts to join: the header once, then runs of rows. */
export async function metricsCsvParts(rows: readonly StepMetrics[]): Promise<string[]> {
  const perSlice = Math.max(1, Math.floor(NUMBERS_PER_SLICE / 9));
  const parts: string[] = [];
  if (rows.length === 0) return [metricsCsv([])];
  for (let r = 0; r < rows.length; r += perSlice) {
    const text = metricsCsv(rows.slice(r, r + perSlice));
    // Every slice starts with the header; keep only the first.
    parts.push(r === 0 ? text : text.slice(text.indexOf('\n') + 1));
    if (r + perSlice < rows.length) await yieldToPage();
  }
  return parts;
}
