import * as tf from '@tensorflow/tfjs-core';
import { l2NormalizeRows } from '../loss/similarity';

export interface KnnOptions {
  /** Neighbours that vote. Common: 20 or 200. */
  k: number;
  /** Votes are weighted exp(cosine / temperature) (Wu et al. 2018, as SimCLR's kNN monitors). */
  temperature: number;
  numClasses: number;
  /** Test rows handled at once, to bound the [T, M] similarity block. */
  chunk?: number;
}

/**
 * k-nearest-neighbour classification on frozen features by cosine similarity:
 * each test row's k most similar training rows vote for their label with weight
 * exp(sim / temperature).
 *
 * @param train [M, D] features of labelled images.
 * @param trainLabels M class indices in [0, numClasses).
 * @param test [T, D] features to classify.
 * @returns T predicted class indices.
 */
export async function knnPredict(
  train: tf.Tensor2D, trainLabels: Int32Array, test: tf.Tensor2D, options: KnnOptions,
): Promise<Int32Array> {
  const m = train.shape[0];
  if (trainLabels.length !== m) throw new Error(`knnPredict: ${trainLabels.length} labels for ${m} training rows`);
  if (!Number.isInteger(options.k) || options.k < 1) throw new Error(`knnPredict: k must be an integer >= 1, got ${options.k}`);
  if (!(options.temperature > 0)) throw new Error(`knnPredict: temperature must be > 0, got ${options.temperature}`);
  const k = Math.min(options.k, m);
  const chunk = options.chunk ?? 512;
  const out = new Int32Array(test.shape[0]);
  const trainUnit = l2NormalizeRows(train);
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(trainLabels, 'int32'), options.numClasses) as tf.Tensor2D); // [M, C]
  try {
    for (let start = 0; start < test.shape[0]; start += chunk) {
      const rows = Math.min(chunk, test.shape[0] - start);
      const predicted = tf.tidy(() => {
        const block = l2NormalizeRows(tf.slice(test, [start, 0], [rows, -1]) as tf.Tensor2D);
        const sims = tf.matMul(block, trainUnit, false, true); // [rows, M]
        const { values, indices } = tf.topk(sims, k);
        const weights = tf.exp(tf.div(values, options.temperature)); // [rows, k]
        const votes = tf.gather(oneHot, tf.reshape(indices, [-1])); // [rows*k, C]
        const scores = tf.sum(tf.mul(tf.reshape(votes, [rows, k, options.numClasses]), tf.expandDims(weights, 2)), 1);
        return tf.argMax(scores, 1);
      });
      out.set(await predicted.data() as Int32Array, start);
      predicted.dispose();
    }
  } finally {
    tf.dispose([trainUnit, oneHot]);
  }
  return out;
}

/** Fraction of `predicted` equal to `truth`. */
export function accuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (predicted.length !== truth.length) throw new Error(`accuracy: ${predicted.length} predictions for ${truth.length} labels`);
  if (truth.length === 0) return Number.NaN;
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) hits++;
  return hits / truth.length;
}
