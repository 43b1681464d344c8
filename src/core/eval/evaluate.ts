import * as tf from '@tensorflow/tfjs-core';
import { accuracy, knnPredict } from './knn';
import { DEFAULT_PROBE, linearProbe } from './linearProbe';
import { stratifiedSplit } from './split';

/** kNN and linear-probe accuracy of one feature set on a held-out split. */
export interface FeatureScores {
  knn: number;
  probe: number;
  /** Held-out images scored. */
  tested: number;
}

/**
 * Scores frozen features the two standard ways on a seeded stratified split
 * (20% held out): kNN (k = 20, temperature 0.1, cosine) and a linear probe.
 * @param features [M, D] (h or z of every image); not disposed.
 */
export async function evaluateFeatures(
  features: tf.Tensor2D, labels: Int32Array, numClasses: number, seed = 0,
): Promise<FeatureScores> {
  const split = stratifiedSplit(labels, 0.2, seed);
  const take = (idx: Int32Array) => tf.gather(features, tf.tensor1d(idx, 'int32')) as tf.Tensor2D;
  const trainX = tf.tidy(() => take(split.train));
  const testX = tf.tidy(() => take(split.test));
  const trainY = Int32Array.from(split.train, (i) => labels[i]!);
  const testY = Int32Array.from(split.test, (i) => labels[i]!);
  try {
    const knn = accuracy(await knnPredict(trainX, trainY, testX, { k: 20, temperature: 0.1, numClasses }), testY);
    const { predicted } = await linearProbe(trainX, trainY, testX, { ...DEFAULT_PROBE, numClasses, seed });
    return { knn, probe: accuracy(predicted, testY), tested: testY.length };
  } finally {
    tf.dispose([trainX, testX]);
  }
}
