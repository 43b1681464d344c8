/**
 * The settings of the loss, batch-size and fine-tuning studies (paper Table 4,
 * Figure 9 / Table B.1, Table 7), as plain data: no tfjs here, so the page's
 * main thread can count runs and label rows with the same code the worker and
 * the command line queue them with.
 */
import type { EncoderConfig, LossConfig, LossKind, TrainConfig } from '../config';
import { scaledLearningRate } from '../train/schedule';

/** One setting of the loss study (Table 4): a loss and whether it mines semi-hard negatives. */
export interface LossStudySetting {
  setting: string;
  kind: LossKind;
  semiHard: boolean;
}

/** Table 4's rows: NT-Xent, and NT-Logistic and margin triplet each without and with semi-hard mining. */
export const LOSS_STUDY: readonly LossStudySetting[] = [
  { setting: 'NT-Xent', kind: 'nt-xent', semiHard: false },
  { setting: 'NT-Logistic', kind: 'nt-logistic', semiHard: false },
  { setting: 'NT-Logistic (sh)', kind: 'nt-logistic', semiHard: true },
  { setting: 'Margin triplet', kind: 'margin-triplet', semiHard: false },
  { setting: 'Margin triplet (sh)', kind: 'margin-triplet', semiHard: true },
];

/** The loss config of one Table 4 row on top of `base` (temperature, normalisation and margin stay the base's). */
export function lossStudyConfig(base: LossConfig, s: LossStudySetting): LossConfig {
  return { ...base, kind: s.kind, semiHard: s.semiHard, margin: base.margin ?? 0.5 };
}

/** Smallest batch of the batch-size study (the paper's smallest is 256; this is the miniature's). */
export const MIN_STUDY_BATCH = 8;
/** Largest batch the study offers, whatever the memory estimate says. */
export const MAX_STUDY_BATCH = 1024;

/** 8, 16, 32, ... up to `max` (powers of two; `max` rounded down to one). */
export function studyBatchSizes(max: number): number[] {
  const out: number[] = [];
  for (let n = MIN_STUDY_BATCH; n <= Math.min(max, MAX_STUDY_BATCH); n *= 2) out.push(n);
  return out.length > 0 ? out : [MIN_STUDY_BATCH];
}

/** The training lengths of the batch-size study for a budget of `steps`: a quarter, a half and all of it. */
export function studyLengths(steps: number): number[] {
  return [...new Set([Math.round(steps / 4), Math.round(steps / 2), steps].map((s) => Math.max(1, s)))];
}

/** How the batch-size study scales the learning rate with N (paper Appendix B.1). */
export type StudyLrScaling = 'linear' | 'sqrt';

/**
 * The optimiser of `base` at batch size `n` for the study: the learning rate
 * `base` uses at its own batch size stays, and other sizes scale from it,
 * linearly (x n / N_base) or by square root (x sqrt(n / N_base)). Expressed
 * in the config's own terms (learningRate with lrScaling 'linear' or 'sqrt').
 */
export function studyOptimizer(base: TrainConfig, n: number, scaling: StudyLrScaling): { learningRate: number; lrScaling: StudyLrScaling; peak: number } {
  const atBase = scaledLearningRate(base.optimizer, base.batchSize);
  if (scaling === 'linear') {
    const learningRate = (atBase * 256) / base.batchSize;
    return { learningRate, lrScaling: 'linear', peak: (learningRate * n) / 256 };
  }
  const learningRate = atBase / Math.sqrt(base.batchSize);
  return { learningRate, lrScaling: 'sqrt', peak: learningRate * Math.sqrt(n) };
}

/** Row label of one batch-size run. */
export function batchStudySetting(n: number, steps: number): string {
  return `N = ${n}, ${steps} steps`;
}

/**
 * Rough bytes one training step needs per image (two views, forward
 * activations kept for the backward pass, their gradients and temporaries),
 * from the encoder's feature-map sizes. An estimate, not a measurement: it
 * sizes the largest batch the batch-size study offers.
 */
export function stepBytesPerImage(encoder: EncoderConfig, imageSize: number): number {
  const s2 = imageSize * imageSize;
  const w = encoder.width;
  let elements: number;
  if (encoder.kind === 'bench-cnn') {
    // conv1 at full size (w), pooled; conv2 at 1/4 the area (2w), pooled; conv3 at 1/16 (4w).
    elements = s2 * w * (1 + 0.25 + 0.5 + 0.125 + 0.25);
  } else {
    const blocks = { 10: [1, 1, 1, 1], 18: [2, 2, 2, 2], 34: [3, 4, 6, 3] }[encoder.depth];
    // Stage k has width 2^k w at 1/4^k the area; each block two convs, each with conv, BN and ReLU outputs.
    elements = s2 * w * (1 + blocks.reduce((sum, b, k) => sum + b * 2 * 3 * (2 ** k) / (4 ** k), 0));
  }
  // 2 views, float32, x3 for gradients and temporaries.
  return 2 * elements * 4 * 3;
}

/** Memory the batch-size study lets one step use by default (tfjs's wasm heap tops out near 2 to 4 GiB). */
export const STUDY_MEMORY_BUDGET = 1024 * 1024 * 1024;

/**
 * The largest power-of-two batch from 8 the study runs: what the memory
 * estimate allows within `budgetBytes`, what the training images allow (a
 * batch holds distinct images) and `cap`.
 */
export function largestStudyBatch(config: TrainConfig, trainImages: number, cap = 256, budgetBytes = STUDY_MEMORY_BUDGET): number {
  const byMemory = Math.floor(budgetBytes / stepBytesPerImage(config.encoder, config.imageSize));
  const limit = Math.max(MIN_STUDY_BATCH, Math.min(cap, trainImages, byMemory, MAX_STUDY_BATCH));
  let n = MIN_STUDY_BATCH;
  while (n * 2 <= limit) n *= 2;
  return n;
}

/** Shares of the labels the fine-tuning study trains on (Table 7: 1% and 10%). */
export const FINETUNE_FRACTIONS: readonly number[] = [0.01, 0.1];

/** The row names of the fine-tuning study: `finetune-1pct`, `scratch-1pct`, ... */
export function finetuneSetting(init: 'simclr' | 'scratch', fraction: number): string {
  return `${init === 'simclr' ? 'finetune' : 'scratch'}-${Math.round(fraction * 100)}pct`;
}

/** Runs per seed of each of the studies here (the batch-size study: sizes x lengths). */
export function studyRunsPerSeed(kind: 'loss' | 'batch-size' | 'finetune', opts: { maxBatchSize?: number; steps?: number } = {}): number {
  if (kind === 'loss') return LOSS_STUDY.length;
  if (kind === 'finetune') return 2 * FINETUNE_FRACTIONS.length;
  return studyBatchSizes(opts.maxBatchSize ?? 256).length * studyLengths(opts.steps ?? 200).length;
}
