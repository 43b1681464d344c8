/**
 * The reproduce-side code of the loss, batch-size and fine-tuning studies, for
 * `npm run reproduce` to call (the lead wires it into src/cli/reproduce.ts):
 *
 * - `finetuneRows(dataset, seed, steps, opts)`: the paper's Table 7 in
 *   miniature. SimCLR pre-training of `opts.base` for `steps` steps on the
 *   training split (no labels), then rows `finetune-1pct`, `scratch-1pct`,
 *   `finetune-10pct`, `scratch-10pct`, each with `accuracy` on the held-out
 *   split (same network, same labelled images; see core/eval/finetune).
 * - `studyRowFields(result)`: the extra fields a `--plan loss|batch-size` row
 *   carries (`batch_size`, `learning_rate`), for the lead's `fromAblation`.
 * - `studyOptions(values)`: the `AblationOptions` of `--max-batch` and `--lr-scaling`.
 *
 * Runs on the same core code as the page's ablation runner.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../core/config';
import { loadPreset, type PresetName } from '../core/data/presets';
import {
  ablationQueue, largestStudyBatch, runAblationQueue, runEpochs, type AblationOptions, type AblationResult, type FinetuneOptions,
} from '../core/eval';
import { readPublic } from './nodeFiles';

/** One row of the fine-tuning study, in reproduce's row style (snake_case, accuracies in [0, 1]). */
export interface FinetuneRow {
  dataset: PresetName;
  /** `finetune-1pct`, `scratch-1pct`, `finetune-10pct` or `scratch-10pct`. */
  setting: string;
  /** Held-out accuracy of encoder + classifier trained on the labelled share. */
  accuracy: number;
  /** Held-out images `accuracy` was measured on. */
  tested: number;
  /** Labelled training images used. */
  labelled: number;
  /** SimCLR pre-training steps (0 for the scratch rows). */
  steps: number;
  finetune_steps: number;
  /** Steps that trained the classifier alone, encoder frozen, before the fine-tuning steps (pre-trained rows; 0 from scratch). */
  probe_steps: number;
  seed: number;
  /** Last SimCLR loss of the pre-training (null for scratch rows). */
  final_loss: number | null;
  seconds: number;
  plan: 'finetune';
}

export interface FinetuneRowsOptions {
  /** The SimCLR config to pre-train (reproduce's `configFor(dataset, 'crop+colour', seed, steps)`). */
  base: TrainConfig;
  /** Images of the preset (train and held-out split come from them). Default 2000. */
  count?: number;
  /** Fine-tuning steps (and from-scratch steps). Default 200 (core/eval/finetune DEFAULT_FINETUNE). */
  finetuneSteps?: number;
  /** Other fine-tuning options (batch size, learning rate). */
  finetune?: Partial<FinetuneOptions>;
  /** Reads the built datasets; default `public/` (npm run datasets). */
  fetchBytes?: (path: string) => Promise<Uint8Array>;
  /** Called before each run and after each row (for progress output). */
  onStart?: (done: number, total: number, setting: string) => void;
  onRow?: (row: FinetuneRow) => void;
}

/**
 * Table 7 in miniature on `dataset` under `seed`: one SimCLR pre-training of
 * `steps` steps, then four rows (fine-tuned and from scratch, 1% and 10% of the
 * labels). The dataset tensor is loaded and freed here.
 */
export async function finetuneRows(dataset: PresetName, seed: number, steps: number, opts: FinetuneRowsOptions): Promise<FinetuneRow[]> {
  const base = opts.base;
  const data = await loadPreset(dataset, opts.count ?? 2000, base.imageSize, base.channels, opts.fetchBytes ?? readPublic);
  try {
    const finetune: Partial<FinetuneOptions> = { ...opts.finetune, ...(opts.finetuneSteps !== undefined ? { steps: opts.finetuneSteps } : {}) };
    const { rows } = await runAblationQueue(ablationQueue('finetune', base, [seed], steps), data, {
      kind: 'finetune', dataset, steps, finetune,
      onStart: (done, total, run) => opts.onStart?.(done, total, run.setting),
      onResult: (r) => opts.onRow?.(finetuneRow(r)),
    });
    return rows.map(finetuneRow);
  } finally {
    tf.dispose(data.images);
  }
}

function finetuneRow(r: AblationResult): FinetuneRow {
  const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
  return {
    dataset: r.dataset as PresetName,
    setting: r.setting,
    accuracy: round(r.accuracy ?? Number.NaN),
    tested: r.tested ?? 0,
    labelled: r.labelled ?? 0,
    steps: r.steps,
    finetune_steps: r.finetuneSteps ?? 0,
    probe_steps: r.probeSteps ?? 0,
    seed: r.seed,
    final_loss: Number.isFinite(r.finalLoss) ? round(r.finalLoss) : null,
    seconds: round(r.seconds, 1),
    plan: 'finetune',
  };
}

/**
 * The fields a `--plan batch-size` row adds to reproduce's row: N, the peak
 * learning rate of the run, and its length in epochs (N x steps / images, the
 * paper's unit in Figure 9).
 */
export function studyRowFields(r: AblationResult): { batch_size?: number; learning_rate?: number; epochs?: number } {
  const out: { batch_size?: number; learning_rate?: number; epochs?: number } = {};
  if (r.batchSize !== undefined) out.batch_size = r.batchSize;
  if (r.learningRate !== undefined) out.learning_rate = Number(r.learningRate.toPrecision(6));
  const epochs = runEpochs(r);
  if (epochs !== undefined) out.epochs = Number(epochs.toPrecision(4));
  return out;
}

/**
 * `AblationOptions` from reproduce's `--max-batch` (default 256) and
 * `--lr-scaling linear|sqrt` (default sqrt), the largest N lowered to what the
 * memory estimate and `count` images allow (as the worker does).
 */
export function studyOptions(values: { 'max-batch'?: string | undefined; 'lr-scaling'?: string | undefined }, base: TrainConfig, count: number): AblationOptions {
  const scaling = values['lr-scaling'] ?? 'sqrt';
  if (scaling !== 'linear' && scaling !== 'sqrt') throw new Error(`--lr-scaling must be linear or sqrt, got ${scaling}`);
  const cap = Number(values['max-batch'] ?? 256);
  if (!Number.isInteger(cap) || cap < 8) throw new Error(`--max-batch must be a whole number >= 8, got ${values['max-batch']}`);
  return { maxBatchSize: largestStudyBatch(base, count, cap), lrScaling: scaling };
}
