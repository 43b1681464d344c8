/**
 * Evaluation on frozen features: kNN on one-hot features is perfect, the probe
 * learns separable data and never touches the encoder, PCA finds the line data
 * lies on, splits keep class shares, and nothing leaks.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, mergeConfig } from '../../../src/core/config';
import { accuracy, evaluateFeatures, knnPredict, linearProbe, pca, stratifiedSplit, DEFAULT_PROBE } from '../../../src/core/eval';
import { createSimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';

describe('kNN', () => {
  it('scores 100% on features equal to one-hot labels', async () => {
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const feats = tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat() as tf.Tensor2D;
    const predicted = await knnPredict(feats, labels, feats, { k: 5, temperature: 0.1, numClasses: 4 });
    expect(accuracy(predicted, labels)).toBe(1);
    feats.dispose();
  });

  it('follows the weighted vote of the nearest neighbours', async () => {
    // train: two of class 0 near (1,0), one of class 1 at (0,1); the test point is closer to (1,0)
    const train = tf.tensor2d([[1, 0], [0.9, 0.1], [0, 1]]);
    const test = tf.tensor2d([[0.8, 0.3], [0.1, 1]]);
    expect(Array.from(await knnPredict(train, Int32Array.from([0, 0, 1]), test, { k: 1, temperature: 0.1, numClasses: 2 }))).toEqual([0, 1]);
    tf.dispose([train, test]);
  });

  it('names bad arguments', async () => {
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    await expect(knnPredict(x, Int32Array.from([0, 1]), x, { k: 1, temperature: 0.1, numClasses: 2 })).rejects.toThrow(/2 labels for 3/);
    await expect(knnPredict(x, Int32Array.from([0, 1, 0]), x, { k: 0, temperature: 0.1, numClasses: 2 })).rejects.toThrow(/k must/);
    x.dispose();
  });
});

describe('linear probe', () => {
  it('learns linearly separable classes', async () => {
    const rng = new Rng(1);
    const n = 200;
    const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
    const centers = [[3, 0], [0, 3], [-3, -3]];
    const rows = Array.from(labels, (l) => [centers[l]![0]! + rng.normal(0, 0.5), centers[l]![1]! + rng.normal(0, 0.5), rng.normal()]);
    const x = tf.tensor2d(rows);
    const { predicted } = await linearProbe(x, labels, x, { ...DEFAULT_PROBE, epochs: 20, numClasses: 3 });
    expect(accuracy(predicted, labels)).toBeGreaterThan(0.95);
    x.dispose();
  });

  it('never changes the encoder: evaluating h leaves every weight as it was, and leaks nothing', async () => {
    const config = mergeConfig(DEFAULT_CONFIG, { imageSize: 8, encoder: { kind: 'bench-cnn', width: 2 }, head: { hiddenDim: 4, outDim: 4 } });
    const model = createSimclrModel(config, new Rng(0));
    const before = await model.params.exportWeights();
    const images = tf.randomUniform([30, 8, 8, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const { h, z } = model.apply(images, { training: false });
    const labels = Int32Array.from({ length: 30 }, (_, i) => i % 3);
    const tensors = tf.memory().numTensors;
    const scores = await evaluateFeatures(h, labels, 3);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(scores.tested).toBe(6);
    expect(scores.knn).toBeGreaterThanOrEqual(0);
    const after = await model.params.exportWeights();
    for (const name of Object.keys(before)) expect(Array.from(after[name]!.values)).toEqual(Array.from(before[name]!.values));
    tf.dispose([images, h, z]);
    model.dispose();
  });
});

describe('stratifiedSplit', () => {
  it('holds out each class\'s share, disjointly, the same under a seed', () => {
    const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : i < 80 ? 1 : 2));
    const s = stratifiedSplit(labels, 0.2, 4);
    expect(s.train.length + s.test.length).toBe(100);
    expect(new Set([...s.train, ...s.test]).size).toBe(100);
    const count = (idx: Int32Array, c: number) => Array.from(idx).filter((i) => labels[i] === c).length;
    expect([count(s.test, 0), count(s.test, 1), count(s.test, 2)]).toEqual([10, 6, 4]);
    expect(stratifiedSplit(labels, 0.2, 4)).toEqual(s);
    expect(stratifiedSplit(labels, 0.2, 5).test).not.toEqual(s.test);
  });
});

describe('PCA', () => {
  it('finds the line the data lies on', () => {
    const rng = new Rng(2);
    const direction = [3, -1, 2].map((v) => v / Math.hypot(3, -1, 2));
    const n = 100;
    const data = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const t = rng.normal(0, 5);
      for (let j = 0; j < 3; j++) data[i * 3 + j] = 1 + t * direction[j]! + rng.normal(0, 0.01);
    }
    const r = pca(data, n, 3, 2);
    const dot = Math.abs(direction.reduce((s, v, j) => s + v * r.components[j]!, 0));
    expect(dot).toBeGreaterThan(0.9999);
    expect(r.explained[0]).toBeGreaterThan(0.999);
    expect(r.projected.length).toBe(2 * n);
  });
});
