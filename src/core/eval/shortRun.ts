/**
 * Train-and-score: the short runs behind the ablation runner (worker) and
 * `npm run reproduce` (command line), and the scoring of a session's frozen
 * features that the worker's online evaluation uses. The encoder is only read
 * here (eval mode, no gradients); the probe trains its own weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../config';
import { TrainingSession, type TrainingData } from '../train/session';
import { DEFAULT_EVAL, evaluateRepresentation, type EvalOptions, type RepresentationScores } from './evaluate';

/** Images with a label each (a preset, or a folder-labelled upload). */
export interface LabelledData extends TrainingData {
  labels: Int32Array;
  classNames: readonly string[];
}

/**
 * h and z of every image of the session's data, scored by kNN and the linear
 * probe on a stratified split seeded by `seed`.
 */
export async function scoreSession(
  session: TrainingSession, labels: Int32Array, numClasses: number, seed: number, options: Partial<EvalOptions> = {},
): Promise<RepresentationScores> {
  const { h, z } = session.embed();
  try {
    return await evaluateRepresentation(h, z, labels, numClasses, seed, options);
  } finally {
    tf.dispose([h, z]);
  }
}

/**
 * The baseline: a freshly initialised model of `config` (same seed, so the
 * weights a run of that config starts from), scored like a trained one.
 */
export async function randomInitScores(
  config: TrainConfig, data: LabelledData, options: Partial<EvalOptions> = {},
): Promise<RepresentationScores> {
  const session = TrainingSession.create(config, data);
  try {
    return await scoreSession(session, data.labels, data.classNames.length, config.seed, options);
  } finally {
    session.dispose();
  }
}

/** How a short run lets its host interleave other work. */
export interface ShortRunHooks {
  /** Wraps each step and the final scoring (the worker's mutex); runs the section directly by default. */
  guard?: <T>(section: () => Promise<T>) => Promise<T>;
  /** Awaited between steps (the worker yields to its event loop so pause and cancel land). */
  between?: () => Promise<void>;
  /** Checked before every step and before scoring; true abandons the run. */
  stopped?: () => boolean;
}

export interface ShortRunResult extends RepresentationScores {
  /** Steps trained (an update skipped for a non-finite loss does not count). */
  steps: number;
  /** Loss of the last step that was applied; NaN when none was. */
  finalLoss: number;
  /** Wall time of training and scoring. */
  seconds: number;
  /** Images the batches were drawn from: an epoch is this many images seen. */
  images: number;
}

/**
 * Trains a fresh session of `config` on `data` for `steps` steps (a step whose
 * loss is not finite is skipped and not retried), then scores h and z on a
 * split seeded by `config.seed`.
 * @returns the scores, or undefined when `hooks.stopped` ended the run early.
 */
export async function shortRun(
  config: TrainConfig, data: LabelledData, steps: number, options: Partial<EvalOptions> = {}, hooks: ShortRunHooks = {},
): Promise<ShortRunResult | undefined> {
  const guard = hooks.guard ?? (<T>(section: () => Promise<T>) => section());
  const started = now();
  const session = TrainingSession.create(config, data);
  try {
    let finalLoss = Number.NaN;
    for (let i = 0; i < steps; i++) {
      if (hooks.stopped?.()) return undefined;
      const result = await guard(() => session.trainStep());
      if (result.applied) finalLoss = result.loss;
      if (hooks.between) await hooks.between();
    }
    if (hooks.stopped?.()) return undefined;
    const scores = await guard(() => scoreSession(session, data.labels, data.classNames.length, config.seed, { ...DEFAULT_EVAL, ...options }));
    return { ...scores, steps: session.step, finalLoss, seconds: (now() - started) / 1000, images: session.datasetSize };
  } finally {
    session.dispose();
  }
}

/**
 * `config` made fit for a run of `steps` steps under `seed`: the schedule's
 * length becomes the run's and warmup at most a tenth of it (a 2000-step cosine
 * schedule would leave a 200-step run in warmup at its full rate).
 */
export function shortRunConfig(config: TrainConfig, steps: number, seed: number): TrainConfig {
  return {
    ...config,
    seed,
    optimizer: {
      ...config.optimizer,
      totalSteps: Math.max(1, steps),
      warmupSteps: Math.min(config.optimizer.warmupSteps, Math.floor(steps / 10)),
    },
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
