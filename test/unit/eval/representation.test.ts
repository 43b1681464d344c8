/** Scoring h and z together: one split for both, unknown labels left out, clear reasons when nothing can be scored. */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { evaluateRepresentation, labelledSplit, unscorableReason } from '../../../src/core/eval';

describe('evaluateRepresentation', () => {
  it('scores perfectly separable h and useless z on the same held-out rows, leaking nothing', async () => {
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 4);
    const h = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat() as tf.Tensor2D);
    const z = tf.ones([40, 3]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const s = await evaluateRepresentation(h, z, labels, 4, 1, { k: 3, probeEpochs: 20 });
    expect(tf.memory().numTensors).toBe(before);
    expect(s.h).toEqual({ knn: 1, probe: 1 });
    expect(s.z.knn).toBeLessThan(0.5);
    expect(s.tested).toBe(8);
    tf.dispose([h, z]);
  });
});

describe('labelledSplit', () => {
  it('leaves rows with an unknown label out of both parts', () => {
    const labels = Int32Array.from([0, -1, 0, 1, 1, -1, 0, 1, 0, 1]);
    const s = labelledSplit(labels, 0.25, 0);
    const all = [...s.train, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual([0, 2, 3, 4, 6, 7, 8, 9]);
    expect(s.test.length).toBe(2);
  });
});

describe('unscorableReason', () => {
  it('says why labels cannot be scored, and nothing when they can', () => {
    expect(unscorableReason(undefined)).toMatch(/no labels/);
    expect(unscorableReason(new Int32Array(0))).toMatch(/no labels/);
    expect(unscorableReason(Int32Array.from([0, 0, -1]))).toMatch(/fewer than two classes/);
    expect(unscorableReason(Int32Array.from([0, 1, 2]))).toMatch(/no class has two images/);
    expect(unscorableReason(Int32Array.from([0, 1, 1]))).toBeUndefined();
  });
});
