/**
 * The batch-size and fine-tuning studies' rows reshaped for the page: kNN
 * accuracy against steps per batch size (Figure 9 in miniature), and accuracy
 * per label share for the fine-tuned and the from-scratch network (Table 7).
 * Pure functions of the rows; no tfjs.
 */
import { runEpochs } from '../../core/eval/epochs';
import { changeTerms, differenceTerms, measuredRun, samplingMargin, type MeasuredAccuracy } from '../../core/eval/margin';
import { ablationRecord, stat, type Stat } from '../../state/ablationResults';
import { toCsv } from '../../state/csv';
import type { AblationRow } from '../../worker/protocol';

export interface BatchCurve {
  batchSize: number;
  /**
   * One point per training length, in increasing steps: kNN on h (mean over
   * seeds), and the length in epochs (N x steps / images; undefined for rows
   * that do not carry their image count); `runs` has each seed's kNN with its
   * held-out image count, for the margins.
   */
  points: { steps: number; epochs: number | undefined; knn: Stat; probe: Stat; learningRate: number | undefined; runs: MeasuredAccuracy[] }[];
}

/** Rows of a 'batch-size' study grouped into one curve per N, smallest N first. */
export function batchCurves(rows: readonly AblationRow[]): BatchCurve[] {
  const byN = new Map<number, Map<number, AblationRow[]>>();
  for (const r of rows) {
    if (r.batchSize === undefined) continue;
    const bySteps = byN.get(r.batchSize) ?? new Map<number, AblationRow[]>();
    const group = bySteps.get(r.steps) ?? [];
    group.push(r);
    bySteps.set(r.steps, group);
    byN.set(r.batchSize, bySteps);
  }
  return [...byN.entries()].sort((a, b) => a[0] - b[0]).map(([batchSize, bySteps]) => ({
    batchSize,
    points: [...bySteps.entries()].sort((a, b) => a[0] - b[0]).map(([steps, group]) => ({
      steps,
      epochs: runEpochs(group[0]!),
      knn: stat(group.map((r) => r.h.knn)),
      probe: stat(group.map((r) => r.h.probe)),
      learningRate: group[0]!.learningRate,
      runs: group.filter((r) => Number.isFinite(r.h.knn)).map((r) => measuredRun(r, r.h.knn)),
    })),
  }));
}

/**
 * For each N, the shortest training length whose kNN accuracy reaches
 * `target` (steps, and epochs where known), or null: "larger batches reach a
 * given accuracy in fewer steps".
 */
export function stepsToReach(
  curves: readonly BatchCurve[], target: number,
): { batchSize: number; steps: number | null; epochs: number | undefined }[] {
  return curves.map((c) => {
    const reached = c.points.find((p) => p.knn.mean >= target);
    return { batchSize: c.batchSize, steps: reached?.steps ?? null, epochs: reached?.epochs };
  });
}

/** The lead of the largest N over the smallest at one training length. */
export interface BatchGap {
  steps: number;
  /** Largest N's mean kNN minus the smallest N's (fraction of images, may be negative). */
  gap: number;
  /** 95% half-width of `gap` from held-out sampling alone (core/eval/margin.ts); NaN when a row lacks its image count. */
  margin: number;
  /** The runs behind the two means, for the margin of a change between lengths. */
  large: MeasuredAccuracy[];
  small: MeasuredAccuracy[];
}

/**
 * The largest N's kNN lead over the smallest N's at each training length both
 * ran, shortest first: the paper's "the gap narrows with longer training" is
 * this shrinking.
 */
export function batchGaps(curves: readonly BatchCurve[]): BatchGap[] {
  const smallest = curves[0];
  const largest = curves[curves.length - 1];
  if (!smallest || !largest || smallest === largest) return [];
  const out: BatchGap[] = [];
  for (const p of largest.points) {
    const q = smallest.points.find((s) => s.steps === p.steps);
    if (!q || !Number.isFinite(p.knn.mean) || !Number.isFinite(q.knn.mean)) continue;
    out.push({ steps: p.steps, gap: p.knn.mean - q.knn.mean, margin: samplingMargin(differenceTerms(p.runs, q.runs)), large: p.runs, small: q.runs });
  }
  return out;
}

/** 95% half-width, from held-out sampling alone, of how the lead changed from gap `from` to gap `to`. */
export function gapChangeMargin(from: BatchGap, to: BatchGap): number {
  return samplingMargin(changeTerms({ a: from.large, b: from.small }, { a: to.large, b: to.small }));
}

export interface FinetuneCell {
  fraction: number;
  finetune: Stat;
  scratch: Stat;
  labelled: number | undefined;
  /** Fine-tuned minus scratch accuracy for each seed that has both, in seed order. */
  gains: { seed: number; gain: number }[];
  /** 95% half-width of the mean gain from held-out sampling alone (core/eval/margin.ts); NaN when a row lacks its image count. */
  gainMargin: number;
}

/** Rows of a 'finetune' study as one line per label share: fine-tuned vs scratch accuracy (mean over seeds). */
export function finetuneCells(rows: readonly AblationRow[]): FinetuneCell[] {
  type Runs = { finetune: MeasuredAccuracy[]; scratch: MeasuredAccuracy[]; labelled: number | undefined; bySeed: Map<number, { finetune?: number; scratch?: number }> };
  const pct = new Map<number, Runs>();
  for (const r of rows) {
    const m = /^(finetune|scratch)-(\d+)pct$/.exec(r.setting);
    if (!m || r.accuracy === undefined) continue;
    const p = Number(m[2]);
    const arm = m[1] as 'finetune' | 'scratch';
    const cell: Runs = pct.get(p) ?? { finetune: [], scratch: [], labelled: r.labelled, bySeed: new Map() };
    cell[arm].push(measuredRun(r, r.accuracy));
    cell.bySeed.set(r.seed, { ...cell.bySeed.get(r.seed), [arm]: r.accuracy });
    pct.set(p, cell);
  }
  const gains = (c: Runs) => [...c.bySeed.entries()].sort((a, b) => a[0] - b[0])
    .flatMap(([seed, s]) => (s.finetune !== undefined && s.scratch !== undefined ? [{ seed, gain: s.finetune - s.scratch }] : []));
  return [...pct.entries()].sort((a, b) => a[0] - b[0])
    .map(([p, c]) => ({
      fraction: p / 100,
      finetune: stat(c.finetune.map((r) => r.accuracy)),
      scratch: stat(c.scratch.map((r) => r.accuracy)),
      labelled: c.labelled,
      gains: gains(c),
      gainMargin: samplingMargin(differenceTerms(finite(c.finetune), finite(c.scratch))),
    }));
}

function finite(runs: readonly MeasuredAccuracy[]): MeasuredAccuracy[] {
  return runs.filter((r) => Number.isFinite(r.accuracy));
}

/** The CSV columns of the batch-size and fine-tuning studies: the ablation columns, then the studies' own. */
export const STUDY_CSV_COLUMNS = [
  'kind', 'setting', 'dataset', 'seed', 'steps', 'knn_h', 'probe_h', 'knn_z', 'probe_z', 'final_loss', 'seconds',
  'batch_size', 'learning_rate', 'epochs', 'accuracy', 'labelled', 'finetune_steps', 'tested',
] as const;

/** One line per run (RFC 4180, LF) with the studies' fields (N, rate, epochs, fine-tuned accuracy, labels, held-out images); accuracies in [0, 1]. */
export function studyCsv(rows: readonly AblationRow[]): string {
  return toCsv(STUDY_CSV_COLUMNS, rows.map((r) => ({
    ...ablationRecord(r),
    batch_size: r.batchSize, learning_rate: r.learningRate, epochs: runEpochs(r), accuracy: r.accuracy, labelled: r.labelled, finetune_steps: r.finetuneSteps,
  })));
}
