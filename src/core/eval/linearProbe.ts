import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';

export interface ProbeOptions {
  numClasses: number;
  /** Passes over the training features. */
  epochs: number;
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** L2 penalty on the weights. */
  weightDecay: number;
  seed: number;
}

export const DEFAULT_PROBE: Omit<ProbeOptions, 'numClasses'> = {
  epochs: 30, batchSize: 128, learningRate: 0.01, weightDecay: 1e-4, seed: 0,
};

/**
 * The linear evaluation protocol: softmax regression on frozen features (the
 * encoder is never touched: the probe only ever sees these feature tensors).
 * Features are standardised with the training part's mean and deviation.
 *
 * @param trainX [M, D] features; trainY M class indices.
 * @param testX [T, D] held-out features.
 * @returns predicted class per held-out row, and the final training loss (nats).
 */
export async function linearProbe(
  trainX: tf.Tensor2D, trainY: Int32Array, testX: tf.Tensor2D, options: ProbeOptions,
): Promise<{ predicted: Int32Array; trainLoss: number }> {
  const [m, d] = trainX.shape;
  if (trainY.length !== m) throw new Error(`linearProbe: ${trainY.length} labels for ${m} rows`);
  const c = options.numClasses;
  const { mean, variance } = tf.moments(trainX, 0);
  const std = tf.tidy(() => tf.add(tf.sqrt(variance), 1e-6));
  const standard = (x: tf.Tensor2D) => tf.div(tf.sub(x, mean), std) as tf.Tensor2D;
  const x = tf.tidy(() => standard(trainX));
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(trainY, 'int32'), c) as tf.Tensor2D);
  // tf.variable copies its initial value: make those inside tidy so they are freed.
  const w = tf.tidy(() => tf.variable(tf.zeros([d, c]), true));
  const b = tf.tidy(() => tf.variable(tf.zeros([c]), true));
  const moments = [w, b].map((v) => tf.tidy(() => ({ v, m: tf.variable(tf.zerosLike(v), false), s: tf.variable(tf.zerosLike(v), false) })));
  const rng = new Rng(options.seed);
  let t = 0;
  let lastLoss = Number.NaN;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      const order = rng.permutation(m);
      for (let start = 0; start < m; start += options.batchSize) {
        const idx = tf.tensor1d(order.slice(start, start + options.batchSize), 'int32');
        t++;
        const loss = tf.tidy(() => {
          const xb = tf.gather(x, idx);
          const yb = tf.gather(y, idx);
          const { value, grads } = tf.variableGrads(() => {
            const logits = tf.add(tf.matMul(xb, w), b);
            const ce = tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, yb), 1)));
            return tf.add(ce, tf.mul(options.weightDecay, tf.sum(tf.square(w)))) as tf.Scalar;
          }, [w, b]);
          for (const slot of moments) {
            const g = grads[slot.v.name]!;
            slot.m.assign(tf.add(tf.mul(slot.m, 0.9), tf.mul(g, 0.1)));
            slot.s.assign(tf.add(tf.mul(slot.s, 0.999), tf.mul(tf.square(g), 0.001)));
            const mHat = tf.div(slot.m, 1 - 0.9 ** t);
            const sHat = tf.div(slot.s, 1 - 0.999 ** t);
            slot.v.assign(tf.sub(slot.v, tf.mul(options.learningRate, tf.div(mHat, tf.add(tf.sqrt(sHat), 1e-8)))));
          }
          return value;
        });
        idx.dispose();
        if (start + options.batchSize >= m && epoch === options.epochs - 1) lastLoss = (await loss.data())[0]!;
        loss.dispose();
      }
    }
    const predictedT = tf.tidy(() => tf.argMax(tf.add(tf.matMul(standard(testX), w), b), 1));
    const predicted = (await predictedT.data()) as Int32Array;
    predictedT.dispose();
    return { predicted: Int32Array.from(predicted), trainLoss: lastLoss };
  } finally {
    tf.dispose([mean, variance, std, x, y, w, b, ...moments.flatMap((s) => [s.m, s.s])]);
  }
}
