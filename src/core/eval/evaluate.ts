import * as tf from '@tensorflow/tfjs-core';
import { hitRate, hitString } from './hits';
import { accuracy, knnPredict } from './knn';
import { DEFAULT_PROBE, linearProbe } from './linearProbe';
import { stratifiedSplit, type Split } from './split';

/** kNN and linear-probe accuracy of one feature set on a held-out split. */
export interface FeatureScores {
  knn: number;
  probe: number;
  /** Held-out images scored. */
  tested: number;
  /** Which held-out images kNN got right ('1') or wrong ('0'), in split order (hits.ts). */
  knnHits: string;
}

/** How frozen features are scored. */
export interface EvalOptions {
  /** Neighbours that vote in kNN. */
  k: number;
  /** kNN vote weights exp(cos / temperature). */
  temperature: number;
  /** Passes of the linear probe over the training split. */
  probeEpochs: number;
  /** Share of each class held out for testing. */
  testFraction: number;
}

/** kNN with k = 20 and temperature 0.1 (Wu et al. 2018), a 30-epoch probe, 20% held out. */
export const DEFAULT_EVAL: EvalOptions = { k: 20, temperature: 0.1, probeEpochs: DEFAULT_PROBE.epochs, testFraction: 0.2 };

/**
 * Scores frozen features the two standard ways on a seeded stratified split
 * (20% held out by default): kNN (cosine, temperature-weighted votes) and a
 * linear probe.
 * @param features [M, D] (h or z of every image); not disposed.
 * @param labels class per row in [0, numClasses).
 * @param split train / held-out rows; a seeded stratified split when omitted.
 */
export async function evaluateFeatures(
  features: tf.Tensor2D, labels: Int32Array, numClasses: number, seed = 0,
  options: Partial<EvalOptions> = {}, split?: Split,
): Promise<FeatureScores> {
  const opts = { ...DEFAULT_EVAL, ...options };
  const parts = split ?? stratifiedSplit(labels, opts.testFraction, seed);
  const take = (idx: Int32Array) => tf.gather(features, tf.tensor1d(idx, 'int32')) as tf.Tensor2D;
  const trainX = tf.tidy(() => take(parts.train));
  const testX = tf.tidy(() => take(parts.test));
  const trainY = Int32Array.from(parts.train, (i) => labels[i]!);
  const testY = Int32Array.from(parts.test, (i) => labels[i]!);
  try {
    const knnPredicted = await knnPredict(trainX, trainY, testX, { k: opts.k, temperature: opts.temperature, numClasses });
    const { predicted } = await linearProbe(trainX, trainY, testX, { ...DEFAULT_PROBE, epochs: opts.probeEpochs, numClasses, seed });
    const knnHits = hitString(knnPredicted, testY);
    return { knn: hitRate(knnHits), probe: accuracy(predicted, testY), tested: testY.length, knnHits };
  } finally {
    tf.dispose([trainX, testX]);
  }
}

/** Scores of h and z on the same held-out split. */
export interface RepresentationScores {
  h: { knn: number; probe: number };
  z: { knn: number; probe: number };
  /** Held-out images scored. */
  tested: number;
  /** Which held-out images kNN on h got right ('1') or wrong ('0'), in split order (hits.ts). */
  knnHitsH: string;
}

/**
 * Scores h and z on one seeded stratified split of the labelled rows (rows
 * whose label is negative, i.e. unknown, take no part).
 * @param h [M, Dh] and z [M, Dz]; not disposed.
 * @throws when fewer than two classes are labelled or nothing can be held out.
 */
export async function evaluateRepresentation(
  h: tf.Tensor2D, z: tf.Tensor2D, labels: Int32Array, numClasses: number, seed: number,
  options: Partial<EvalOptions> = {},
): Promise<RepresentationScores> {
  const opts = { ...DEFAULT_EVAL, ...options };
  const split = labelledSplit(labels, opts.testFraction, seed);
  const hs = await evaluateFeatures(h, labels, numClasses, seed, opts, split);
  const zs = await evaluateFeatures(z, labels, numClasses, seed, opts, split);
  return { h: { knn: hs.knn, probe: hs.probe }, z: { knn: zs.knn, probe: zs.probe }, tested: hs.tested, knnHitsH: hs.knnHits };
}

/**
 * Why `labels` cannot be scored (fewer than two classes, or no class with two
 * images to hold one out), or undefined when they can.
 */
export function unscorableReason(labels: ArrayLike<number> | undefined): string | undefined {
  if (!labels || labels.length === 0) return 'the dataset has no labels';
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  if (counts.size < 2) return 'fewer than two classes are labelled';
  if (![...counts.values()].some((c) => c >= 2)) return 'no class has two images, so none can be held out for testing';
  return undefined;
}

/** A stratified split of the rows with a known (non-negative) label. */
export function labelledSplit(labels: Int32Array, testFraction: number, seed: number): Split {
  const known: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i]! >= 0) known.push(i);
  if (known.length === labels.length) return stratifiedSplit(labels, testFraction, seed);
  const inner = stratifiedSplit(Int32Array.from(known, (i) => labels[i]!), testFraction, seed);
  return { train: Int32Array.from(inner.train, (j) => known[j]!), test: Int32Array.from(inner.test, (j) => known[j]!) };
}
