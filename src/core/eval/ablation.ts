/**
 * The paper's ablations in miniature as queues of short runs, shared by the
 * worker's ablation runner and `npm run reproduce -- --plan <kind>`:
 *
 * - 'augment-pairs' (Figure 5): random crop always on; every unordered pair of
 *   colour jitter, colour drop, blur, rotation, cutout, noise and Sobel, the op
 *   alone on the diagonal (7 x 8 / 2 = 28 settings). Flip stays as in the base.
 * - 'colour-strength' (Table 1): crop + colour jitter (strength s) + colour
 *   drop for s = 1/8, 1/4, 1/2, 1, and s = 1 with blur.
 * - 'temperature' (Table 5): tau = 0.05, 0.1, 0.5, 1.0.
 * - 'head' (Figure 8): projection head none / linear / MLP; every row has h and z.
 * - 'loss' (Table 4): NT-Xent, NT-Logistic and margin triplet, the last two
 *   also with semi-hard negative mining ("sh").
 * - 'batch-size' (Figure 9, Table B.1): N = 8, 16, ... up to the largest the
 *   backend holds (`largestStudyBatch`), each at a quarter, half and all of the
 *   step budget, the learning rate scaled linearly or by square root from the
 *   base's rate at its own N. Each row carries its N and its length.
 * - 'finetune' (Table 7): per seed, SimCLR pre-training on the training split
 *   (no labels), then the encoder plus a new linear classifier fine-tuned on 1%
 *   and 10% of the training labels, and the same network trained from scratch on
 *   the same labels; rows `finetune-1pct`, `scratch-1pct`, ... with `accuracy`
 *   on the held-out split (see core/eval/finetune).
 *
 * Each run starts from fresh weights under its seed; the queue goes seed by
 * seed, so the first seed's whole grid is finished before the second's begins.
 */
import type { AugmentConfig, AugmentOpName, HeadKind, TrainConfig } from '../config';
import type { NamedWeights } from '../model/params';
import { scaledLearningRate } from '../train/schedule';
import type { EvalOptions, RepresentationScores } from './evaluate';
import { finetuneAccuracy, pretrainForFinetune, type FinetuneOptions } from './finetune';
import { shortRun, shortRunConfig, type LabelledData, type ShortRunHooks } from './shortRun';
import {
  FINETUNE_FRACTIONS, LOSS_STUDY, batchStudySetting, finetuneSetting, lossStudyConfig, studyBatchSizes, studyLengths,
  studyOptimizer, type StudyLrScaling,
} from './studyPlans';

export type AblationKind = 'augment-pairs' | 'colour-strength' | 'temperature' | 'head' | 'loss' | 'batch-size' | 'finetune';
export const ABLATION_KINDS: readonly AblationKind[] = ['augment-pairs', 'colour-strength', 'temperature', 'head', 'loss', 'batch-size', 'finetune'];

/** Options of the studies that have them. */
export interface AblationOptions {
  /** 'batch-size': largest N (a power of two from 8; see `largestStudyBatch`). Default 256. */
  maxBatchSize?: number;
  /** 'batch-size': how the learning rate follows N. Default 'sqrt' (the paper's choice for small batches). */
  lrScaling?: StudyLrScaling;
}

/** The ops of Figure 5 besides crop, with the names rows use. */
export const PAIR_OPS: readonly { name: string; op: AugmentOpName }[] = [
  { name: 'colour jitter', op: 'colorJitter' },
  { name: 'colour drop', op: 'colorDrop' },
  { name: 'blur', op: 'blur' },
  { name: 'rotation', op: 'rotate' },
  { name: 'cutout', op: 'cutout' },
  { name: 'noise', op: 'noise' },
  { name: 'Sobel', op: 'sobel' },
];

export const COLOUR_STRENGTHS: readonly number[] = [0.125, 0.25, 0.5, 1];
export const TEMPERATURES: readonly number[] = [0.05, 0.1, 0.5, 1.0];
export const HEADS: readonly HeadKind[] = ['none', 'linear', 'mlp'];

/** One setting of an ablation: what it changes, and the config it trains. */
export interface AblationSetting {
  /** e.g. "crop + colour jitter + blur", "s = 0.5", "tau = 0.1", "head mlp". */
  setting: string;
  /** 'augment-pairs': the two ops (the same op twice on the diagonal). */
  pair?: [string, string];
  /** The base config with this setting's change (seed and schedule still the base's). */
  config: TrainConfig;
  /** 'batch-size': N of this run. */
  batchSize?: number;
  /** 'batch-size': the run's own length in steps, when it is not the plan's. */
  steps?: number;
  /** 'finetune': the share of training labels, and whether the encoder starts from SimCLR or from scratch. */
  finetune?: { fraction: number; init: 'simclr' | 'scratch' };
}

/** One run of a queue. */
export interface AblationRunSpec extends AblationSetting {
  seed: number;
}

/** The settings of an ablation `kind` applied to `base`, in the order a table or heatmap lists them. */
export function ablationSettings(kind: AblationKind, base: TrainConfig, opts: AblationOptions & { steps?: number } = {}): AblationSetting[] {
  switch (kind) {
    case 'augment-pairs': {
      const out: AblationSetting[] = [];
      for (let i = 0; i < PAIR_OPS.length; i++) {
        for (let j = i; j < PAIR_OPS.length; j++) {
          const a = PAIR_OPS[i]!;
          const b = PAIR_OPS[j]!;
          const augment = onlyCropAnd(base.augment, i === j ? [a.op] : [a.op, b.op]);
          out.push({
            setting: i === j ? `crop + ${a.name}` : `crop + ${a.name} + ${b.name}`,
            pair: [a.name, b.name],
            config: { ...base, augment },
          });
        }
      }
      return out;
    }
    case 'colour-strength': {
      const colour = (s: number, blur: boolean): TrainConfig => {
        const augment = onlyCropAnd(base.augment, blur ? ['colorJitter', 'colorDrop', 'blur'] : ['colorJitter', 'colorDrop']);
        return { ...base, augment: { ...augment, colorJitter: { ...augment.colorJitter, strength: s } } };
      };
      return [
        ...COLOUR_STRENGTHS.map((s) => ({ setting: `s = ${s}`, config: colour(s, false) })),
        { setting: 's = 1 + blur', config: colour(1, true) },
      ];
    }
    case 'temperature':
      return TEMPERATURES.map((t) => ({ setting: `tau = ${t}`, config: { ...base, loss: { ...base.loss, temperature: t } } }));
    case 'head':
      return HEADS.map((kind) => ({ setting: `head ${kind}`, config: { ...base, head: { ...base.head, kind } } }));
    case 'loss':
      return LOSS_STUDY.map((s) => ({ setting: s.setting, config: { ...base, loss: lossStudyConfig(base.loss, s) } }));
    case 'batch-size': {
      const scaling = opts.lrScaling ?? 'sqrt';
      const lengths = studyLengths(opts.steps ?? base.optimizer.totalSteps);
      return studyBatchSizes(opts.maxBatchSize ?? 256).flatMap((n) => {
        const { learningRate, lrScaling } = studyOptimizer(base, n, scaling);
        const config: TrainConfig = { ...base, batchSize: n, optimizer: { ...base.optimizer, learningRate, lrScaling } };
        return lengths.map((steps) => ({ setting: batchStudySetting(n, steps), config, batchSize: n, steps }));
      });
    }
    case 'finetune':
      return FINETUNE_FRACTIONS.flatMap((fraction) => (['simclr', 'scratch'] as const).map((init) => ({
        setting: finetuneSetting(init, fraction), config: base, finetune: { fraction, init },
      })));
    default: {
      const never: never = kind;
      throw new Error(`unknown ablation ${String(never)}`);
    }
  }
}

/**
 * Every run of an ablation: each setting under each seed, seed by seed, with the
 * schedule fitted to `steps` (see `shortRunConfig`).
 */
export function ablationQueue(
  kind: AblationKind, base: TrainConfig, seeds: readonly number[], steps: number, opts: AblationOptions = {},
): AblationRunSpec[] {
  const settings = ablationSettings(kind, base, { ...opts, steps });
  return seeds.flatMap((seed) => settings.map((s) => ({ ...s, seed, config: shortRunConfig(s.config, s.steps ?? steps, seed) })));
}

/** One finished run (the shape of the worker's `AblationRow`). */
export interface AblationResult {
  kind: AblationKind;
  setting: string;
  pair?: [string, string];
  dataset: string;
  seed: number;
  steps: number;
  h: RepresentationScores['h'];
  z: RepresentationScores['z'];
  finalLoss: number;
  seconds: number;
  /** 'batch-size': N of the run, and its peak learning rate. */
  batchSize?: number;
  learningRate?: number;
  /** 'batch-size': images the run drew its batches from; N x steps / trainImages is its length in epochs. */
  trainImages?: number;
  /** Held-out images the scores (or `accuracy`) were measured on; see margin.ts for what that count means for a difference. */
  tested?: number;
  /**
   * Which held-out images kNN on h (or, for 'finetune', the classifier) got
   * right, '1' or '0' in split order (hits.ts): rows of one seed share the
   * split, so margins can pair them image by image.
   */
  hits?: string;
  /** 'finetune': held-out accuracy of the fine-tuned (or scratch-trained) classifier, in [0, 1]. */
  accuracy?: number;
  /** 'finetune': labelled training images used, and the fine-tuning steps. */
  labelled?: number;
  finetuneSteps?: number;
  /** 'finetune': steps that trained the classifier alone before the fine-tuning steps (the pre-trained start's probe phase). */
  probeSteps?: number;
}

export interface AblationRunOptions {
  kind: AblationKind;
  /** Name of the dataset, for the rows. */
  dataset: string;
  steps: number;
  evaluation?: Partial<EvalOptions>;
  /** 'finetune': how the classifier is trained (steps, batch, rate). */
  finetune?: Partial<FinetuneOptions>;
  hooks?: ShortRunHooks;
  /** Before run `done` (0-based) of `total` starts. */
  onStart?: (done: number, total: number, run: AblationRunSpec) => void;
  onResult?: (row: AblationResult, done: number, total: number) => void;
}

/**
 * Runs `queue` one short run after another on `data`.
 * @returns the finished rows, and whether `hooks.stopped` cut the queue short.
 */
export async function runAblationQueue(
  queue: readonly AblationRunSpec[], data: LabelledData, options: AblationRunOptions,
): Promise<{ rows: AblationResult[]; cancelled: boolean }> {
  const rows: AblationResult[] = [];
  // 'finetune': one SimCLR pre-training per seed, shared by that seed's runs.
  let pretrained: { seed: number; weights: NamedWeights; finalLoss: number; steps: number; seconds: number } | undefined;
  for (let i = 0; i < queue.length; i++) {
    if (options.hooks?.stopped?.()) return { rows, cancelled: true };
    const run = queue[i]!;
    options.onStart?.(i, queue.length, run);
    let row: AblationResult;
    if (run.finetune) {
      // The first fine-tuned row of a seed pre-trains; its seconds include the pre-training.
      const started = now();
      if (run.finetune.init === 'simclr' && pretrained?.seed !== run.seed) {
        const p = await pretrainForFinetune(run.config, data, options.steps, options.evaluation?.testFraction, options.hooks);
        if (!p) return { rows, cancelled: true };
        pretrained = { seed: run.seed, ...p };
      }
      const pre = run.finetune.init === 'simclr' ? pretrained! : undefined;
      const testFraction = options.evaluation?.testFraction;
      const result = await finetuneAccuracy(run.config, data, pre ? pre.weights : null, run.finetune.fraction, {
        ...options.finetune, ...(testFraction !== undefined ? { testFraction } : {}),
      }, options.hooks);
      if (!result) return { rows, cancelled: true };
      const nan = { knn: Number.NaN, probe: Number.NaN };
      row = {
        kind: options.kind, setting: run.setting, dataset: options.dataset, seed: run.seed, steps: pre ? pre.steps : 0,
        h: nan, z: { ...nan }, finalLoss: pre ? pre.finalLoss : Number.NaN, seconds: (now() - started) / 1000,
        accuracy: result.accuracy, tested: result.tested, hits: result.hits, labelled: result.labelled, finetuneSteps: result.steps, probeSteps: result.probeSteps,
      };
    } else {
      const result = await shortRun(run.config, data, run.steps ?? options.steps, options.evaluation, options.hooks);
      if (!result) return { rows, cancelled: true };
      row = {
        kind: options.kind, setting: run.setting, dataset: options.dataset, seed: run.seed, steps: result.steps,
        h: result.h, z: result.z, finalLoss: result.finalLoss, seconds: result.seconds, tested: result.tested, hits: result.knnHitsH,
      };
      if (run.batchSize !== undefined) {
        row.batchSize = run.batchSize;
        row.learningRate = scaledLearningRate(run.config.optimizer, run.batchSize);
        row.trainImages = result.images;
      }
    }
    if (run.pair) row.pair = run.pair;
    rows.push(row);
    options.onResult?.(row, i + 1, queue.length);
  }
  return { rows, cancelled: false };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** `augment` with crop on and, of the Figure 5 ops, only `ops` on (flip as it was). */
function onlyCropAnd(augment: AugmentConfig, ops: readonly AugmentOpName[]): AugmentConfig {
  const out: AugmentConfig = { ...augment, crop: { ...augment.crop, enabled: true } };
  for (const { op } of PAIR_OPS) (out as unknown as Record<string, { enabled: boolean }>)[op] = { ...augment[op], enabled: ops.includes(op) };
  return out;
}
