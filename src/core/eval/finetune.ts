/**
 * Fine-tuning with few labels (SimCLR paper, Table 7, in miniature): take the
 * encoder f pre-trained by SimCLR, put a new linear classifier on h (the
 * projection head g is dropped, as the paper does), and train everything on 1%
 * or 10% of the training labels; compare with the same network trained from
 * scratch on the same labels with the same budget.
 *
 * Protocol:
 * - One seeded stratified split of the labelled images (20% held out by
 *   default): SimCLR pre-trains on the training part only (no labels); every
 *   accuracy is measured on the held-out part, which no step ever sees.
 * - The labelled subset takes, from every class of the training part,
 *   round(fraction x its size) images (at least 1), chosen by a seeded shuffle:
 *   the same images for the fine-tuned and the scratch network.
 * - Both networks train with cross entropy, Adam (default lr 1e-3, no decay),
 *   the same steps and batches, and the paper's fine-tuning augmentation:
 *   random resized crop and horizontal flip only. The scratch network starts
 *   from the very weights SimCLR pre-training started from (same seed).
 */
import * as tf from '@tensorflow/tfjs-core';
import { augmentView } from '../augment';
import { PAPER_AUGMENT, type AugmentConfig, type TrainConfig } from '../config';
import { createDense, dense } from '../model/layers';
import { MovingStatUpdates } from '../model/movingStats';
import type { NamedWeights } from '../model/params';
import { createSimclrModel } from '../model/simclrModel';
import { Rng } from '../random';
import { createOptimizer } from '../train/createOptimizer';
import { TrainingSession } from '../train/session';
import { labelledSplit } from './evaluate';
import type { LabelledData, ShortRunHooks } from './shortRun';

export interface FinetuneOptions {
  /** Optimiser steps of fine-tuning (or of training from scratch). */
  steps: number;
  /** Labelled images per step (all of them when fewer). */
  batchSize: number;
  /** Adam learning rate, constant. */
  learningRate: number;
  /** Share of each class held out for testing. */
  testFraction: number;
  /** Augmentation of the labelled images; default crop (area 0.25 to 1) + flip. */
  augment: AugmentConfig;
}

const OFF = { enabled: false } as const;
/** The paper's fine-tuning augmentation: random resized crop and horizontal flip, nothing else. */
export const FINETUNE_AUGMENT: AugmentConfig = {
  ...PAPER_AUGMENT,
  crop: { ...PAPER_AUGMENT.crop, areaMin: 0.25 },
  flip: { enabled: true, p: 0.5 },
  colorJitter: { ...PAPER_AUGMENT.colorJitter, ...OFF },
  colorDrop: { ...PAPER_AUGMENT.colorDrop, ...OFF },
  blur: { ...PAPER_AUGMENT.blur, ...OFF },
  rotate: { ...PAPER_AUGMENT.rotate, ...OFF },
  cutout: { ...PAPER_AUGMENT.cutout, ...OFF },
  noise: { ...PAPER_AUGMENT.noise, ...OFF },
  sobel: { ...PAPER_AUGMENT.sobel, ...OFF },
};

export const DEFAULT_FINETUNE: FinetuneOptions = { steps: 300, batchSize: 64, learningRate: 1e-3, testFraction: 0.2, augment: FINETUNE_AUGMENT };

/**
 * From every class among `candidates`, round(fraction x its count) images (at
 * least 1), by a seeded shuffle per class.
 * @param labels class per image of the whole dataset.
 * @param candidates dataset indices to choose from (the training split).
 * @returns sorted dataset indices.
 */
export function labelledSubset(labels: ArrayLike<number>, candidates: ArrayLike<number>, fraction: number, seed: number): Int32Array {
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`labelledSubset: fraction must be in (0, 1], got ${fraction}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < candidates.length; i++) {
    const index = candidates[i]!;
    const label = labels[index]!;
    if (label < 0) continue;
    const list = byClass.get(label) ?? [];
    list.push(index);
    byClass.set(label, list);
  }
  const rng = new Rng(seed * 7919 + 17);
  const out: number[] = [];
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(cls)!;
    const take = Math.max(1, Math.round(members.length * fraction));
    const order = rng.permutation(members.length);
    for (let j = 0; j < take; j++) out.push(members[order[j]!]!);
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}

/** The split every part of the study uses: `labelledSplit` under the config's seed. */
export function finetuneSplit(data: LabelledData, testFraction: number, seed: number): { train: Int32Array; test: Int32Array } {
  return labelledSplit(data.labels, testFraction, seed);
}

/**
 * SimCLR pre-training for the study: `steps` steps of `config` on the training
 * split's images only (no labels).
 * @returns the trained weights (encoder and head) on the host, or undefined when `hooks.stopped` ended it.
 */
export async function pretrainForFinetune(
  config: TrainConfig, data: LabelledData, steps: number, testFraction = DEFAULT_FINETUNE.testFraction, hooks: ShortRunHooks = {},
): Promise<{ weights: NamedWeights; finalLoss: number; steps: number; seconds: number } | undefined> {
  const started = now();
  const guard = hooks.guard ?? (<T>(section: () => Promise<T>) => section());
  const split = finetuneSplit(data, testFraction, config.seed);
  const images = tf.tidy(() => tf.gather(data.images, tf.tensor1d(split.train, 'int32')) as tf.Tensor4D);
  let session: TrainingSession | undefined;
  try {
    session = TrainingSession.create(config, { images });
    let finalLoss = Number.NaN;
    for (let i = 0; i < steps; i++) {
      if (hooks.stopped?.()) return undefined;
      const s = session;
      const result = await guard(() => s.trainStep());
      if (result.applied) finalLoss = result.loss;
      if (hooks.between) await hooks.between();
    }
    const { weights } = await session.snapshot();
    return { weights, finalLoss, steps: session.step, seconds: (now() - started) / 1000 };
  } finally {
    session?.dispose();
    images.dispose();
  }
}

/**
 * Trains the encoder of `config` (from `pretrained` weights, or from its seed's
 * initial weights when null) plus a new linear classifier on h, on `fraction`
 * of the training split's labels, and measures accuracy on the held-out split.
 * @returns accuracy in [0, 1], labelled images used and steps, or undefined when `hooks.stopped` ended it.
 */
export async function finetuneAccuracy(
  config: TrainConfig, data: LabelledData, pretrained: NamedWeights | null, fraction: number,
  options: Partial<FinetuneOptions> = {}, hooks: ShortRunHooks = {},
): Promise<{ accuracy: number; labelled: number; steps: number; trainLoss: number } | undefined> {
  const opts = { ...DEFAULT_FINETUNE, ...options };
  if (!Number.isInteger(opts.steps) || opts.steps < 0) throw new Error(`finetuneAccuracy: steps must be a whole number >= 0, got ${opts.steps}`);
  const guard = hooks.guard ?? (<T>(section: () => Promise<T>) => section());
  const numClasses = data.classNames.length;
  const split = finetuneSplit(data, opts.testFraction, config.seed);
  const labelled = labelledSubset(data.labels, split.train, fraction, config.seed);
  // The same first fork as TrainingSession's model: scratch starts where SimCLR pre-training started.
  const root = new Rng(config.seed);
  const model = createSimclrModel(config, root.fork());
  const batchRng = root.fork();
  const augmentRng = root.fork();
  const optimizer = { current: undefined as ReturnType<typeof createOptimizer> | undefined };
  try {
    if (pretrained) model.params.importWeights(pretrained);
    const classifier = createDense(model.params, 'classifier', { inDim: model.hDim, outDim: numClasses }, new Rng(config.seed * 31 + 7));
    optimizer.current = createOptimizer(model.params, {
      kind: 'adam', learningRate: opts.learningRate, lrScaling: 'none', momentum: 0.9, weightDecay: 0,
      larsEta: 0.001, warmupSteps: 0, schedule: 'constant', totalSteps: Math.max(1, opts.steps),
    });
    // Encoder and classifier train; the projection head g takes no part.
    const trainable = model.params.trainable().filter((p) => !p.name.startsWith('head/')).map((p) => p.variable);
    const labelsAll = data.labels;
    let order: number[] = [];
    let cursor = 0;
    let trainLoss = Number.NaN;
    const batch = Math.min(opts.batchSize, labelled.length);
    for (let step = 0; step < opts.steps; step++) {
      if (hooks.stopped?.()) return undefined;
      const picked = new Int32Array(batch);
      for (let j = 0; j < batch; j++) {
        if (cursor >= order.length) {
          order = batchRng.permutation(labelled.length);
          cursor = 0;
        }
        picked[j] = labelled[order[cursor++]!]!;
      }
      const opt = optimizer.current;
      trainLoss = await guard(async () => {
        const x = tf.tidy(() => augmentView(tf.gather(data.images, tf.tensor1d(picked, 'int32')) as tf.Tensor4D, opts.augment, augmentRng));
        const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(picked, (i) => labelsAll[i]!), 'int32'), numClasses).asType('float32'));
        const stats = new MovingStatUpdates();
        const owned: tf.Tensor[] = [x, y];
        try {
          const { value, grads } = tf.variableGrads(() => {
            const { h, z } = model.apply(x, { training: true, statUpdates: stats });
            z.dispose();
            const logits = dense(h, classifier);
            return tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, y), 1))) as tf.Scalar;
          }, trainable);
          owned.push(value, ...Object.values(grads));
          const lossValue = (await value.data())[0]!;
          if (Number.isFinite(lossValue)) {
            const named = new Map<string, tf.Tensor>();
            for (const [engineName, g] of Object.entries(grads)) named.set(model.params.paramNameOf(engineName)!, g);
            opt.applyGradients(named, opts.learningRate);
            stats.commit();
          }
          return lossValue;
        } finally {
          stats.discard();
          tf.dispose(owned);
        }
      });
      if (hooks.between) await hooks.between();
    }
    if (hooks.stopped?.()) return undefined;
    const correct = await guard(async () => {
      let right = 0;
      for (let start = 0; start < split.test.length; start += 256) {
        const idx = split.test.subarray(start, start + 256);
        const predictedT = tf.tidy(() => {
          const images = tf.gather(data.images, tf.tensor1d(idx, 'int32')) as tf.Tensor4D;
          const { h } = model.apply(images, { training: false });
          return tf.argMax(dense(h, classifier), 1);
        });
        const predicted = await predictedT.data();
        predictedT.dispose();
        for (let j = 0; j < idx.length; j++) if (predicted[j] === labelsAll[idx[j]!]) right++;
      }
      return right;
    });
    return { accuracy: split.test.length > 0 ? correct / split.test.length : Number.NaN, labelled: labelled.length, steps: opts.steps, trainLoss };
  } finally {
    optimizer.current?.dispose();
    model.dispose();
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
