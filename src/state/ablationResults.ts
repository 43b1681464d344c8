/**
 * Ablation rows as the page shows and saves them: per setting, the mean and
 * spread over seeds; the Figure 5 grid of pairs; CSV (one line per run) and JSON.
 */
import { measuredRun, type MeasuredAccuracy } from '../core/eval/margin';
import type { AblationPlan, AblationRow } from '../worker/protocol';
import { PAIR_OPS } from './ablationPlan';
import { toCsv, type CsvValue } from './csv';

/** Mean and sample standard deviation (0 for one value) of a setting's runs. */
export interface Stat {
  mean: number;
  sd: number;
  n: number;
}

export interface AblationSummary {
  setting: string;
  pair?: [string, string];
  seeds: number[];
  h: { knn: Stat; probe: Stat };
  z: { knn: Stat; probe: Stat };
  finalLoss: Stat;
  /** Each run's kNN on h with its held-out count and hits (finite scores only), for margins (core/eval/margin.ts). */
  knnRuns: MeasuredAccuracy[];
}

export function stat(values: readonly number[]): Stat {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: NaN, sd: NaN, n: 0 };
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(finite.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/** One summary per setting, in the order settings first finished. */
export function summariseAblation(rows: readonly AblationRow[]): AblationSummary[] {
  const groups = new Map<string, AblationRow[]>();
  for (const row of rows) {
    const group = groups.get(row.setting);
    if (group) group.push(row);
    else groups.set(row.setting, [row]);
  }
  return [...groups.entries()].map(([setting, group]) => {
    const pair = group[0]!.pair;
    return {
      setting,
      ...(pair ? { pair } : {}),
      seeds: group.map((r) => r.seed),
      h: { knn: stat(group.map((r) => r.h.knn)), probe: stat(group.map((r) => r.h.probe)) },
      z: { knn: stat(group.map((r) => r.z.knn)), probe: stat(group.map((r) => r.z.probe)) },
      finalLoss: stat(group.map((r) => r.finalLoss)),
      knnRuns: group.filter((r) => Number.isFinite(r.h.knn)).map((r) => measuredRun(r, r.h.knn)),
    };
  });
}

const SYNONYMS: Record<string, string> = {
  'color jitter': 'colour jitter',
  jitter: 'colour jitter',
  colour: 'colour jitter',
  color: 'colour jitter',
  'color drop': 'colour drop',
  grayscale: 'colour drop',
  greyscale: 'colour drop',
  'gaussian blur': 'blur',
  rotate: 'rotation',
  'gaussian noise': 'noise',
  'sobel filter': 'sobel',
};

/** The heatmap's name for an op the worker names ("colorDrop", "Gaussian blur" -> "colour drop", "blur"). */
export function canonicalOp(op: string): string {
  const spaced = op.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().trim().replace(/\s+/g, ' ');
  return SYNONYMS[spaced] ?? spaced;
}

export interface PairGrid {
  ops: string[];
  /** cells[i][j] for i <= j: kNN accuracy on h (mean over seeds) of crop + ops[i] + ops[j]; null where not run (or below the diagonal). */
  cells: (AblationSummary | null)[][];
  /** Mean kNN on h of each op's row and column (the paper's last column). */
  opMean: (number | null)[];
}

/** Figure 5's grid from the summaries that have a pair: the known ops in PAIR_OPS order, then any others. */
export function pairGrid(summaries: readonly AblationSummary[]): PairGrid {
  const withPair = summaries.filter((s) => s.pair);
  const ops: string[] = [...PAIR_OPS];
  for (const s of withPair) for (const op of s.pair!.map(canonicalOp)) if (!ops.includes(op)) ops.push(op);
  const cells = ops.map(() => ops.map((): AblationSummary | null => null));
  for (const s of withPair) {
    const a = ops.indexOf(canonicalOp(s.pair![0]));
    const b = ops.indexOf(canonicalOp(s.pair![1]));
    cells[Math.min(a, b)]![Math.max(a, b)] = s;
  }
  const opMean = ops.map((_, k) => {
    const values: number[] = [];
    for (let i = 0; i < ops.length; i++) {
      const cell = cells[Math.min(i, k)]![Math.max(i, k)];
      if (cell && Number.isFinite(cell.h.knn.mean)) values.push(cell.h.knn.mean);
    }
    return values.length > 0 ? values.reduce((x, y) => x + y, 0) / values.length : null;
  });
  return { ops, cells, opMean };
}

export const ABLATION_CSV_COLUMNS = [
  'kind', 'setting', 'op1', 'op2', 'dataset', 'seed', 'steps', 'knn_h', 'probe_h', 'knn_z', 'probe_z', 'final_loss', 'seconds', 'tested',
] as const;

/** The ablation columns of one run, keyed by column name. */
export function ablationRecord(r: AblationRow): Record<(typeof ABLATION_CSV_COLUMNS)[number], CsvValue> {
  return {
    kind: r.kind, setting: r.setting, op1: r.pair?.[0], op2: r.pair?.[1], dataset: r.dataset, seed: r.seed, steps: r.steps,
    knn_h: r.h.knn, probe_h: r.h.probe, knn_z: r.z.knn, probe_z: r.z.probe, final_loss: r.finalLoss, seconds: r.seconds,
    tested: r.tested,
  };
}

/** One line per run (RFC 4180, LF), accuracies in [0, 1], with the held-out images each was scored on. */
export function ablationCsv(rows: readonly AblationRow[]): string {
  return toCsv(ABLATION_CSV_COLUMNS, rows.map(ablationRecord));
}

export const ABLATION_JSON_FORMAT = 'simclr-playground-ablation';

/**
 * The plan, every run and the per-setting summary, as pretty-printed JSON. The
 * summary leaves out `knnRuns`: the runs' scores and hits are in `rows` already.
 */
export function ablationJson(plan: AblationPlan | null, rows: readonly AblationRow[]): string {
  const summary = summariseAblation(rows).map(({ knnRuns: _runs, ...s }) => s);
  return `${JSON.stringify({ format: ABLATION_JSON_FORMAT, version: 1, plan, rows, summary }, null, 2)}\n`;
}
