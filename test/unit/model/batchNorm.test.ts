import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchNorm, createBatchNorm, createSimclrModel, MovingStatUpdates, ParamStore } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { randomImages, snapshot, tinyConfig } from './tinyConfig';

/** [4, 3, 3, 2]: channel 0 ~ 5 + 3 u, channel 1 ~ -2 + 0.5 u. */
function shiftedInput(): { x: tf.Tensor4D; values: Float32Array } {
  const rng = new Rng(11);
  const values = new Float32Array(4 * 3 * 3 * 2);
  for (let i = 0; i < values.length; i += 2) {
    values[i] = 5 + 3 * rng.uniform();
    values[i + 1] = -2 + 0.5 * rng.uniform();
  }
  return { x: tf.tensor4d(values, [4, 3, 3, 2]), values };
}

function channelStats(values: ArrayLike<number>, channel: number, channels: number): { mean: number; variance: number } {
  const xs: number[] = [];
  for (let i = channel; i < values.length; i += channels) xs.push(values[i]!);
  const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
  return { mean, variance: xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length };
}

describe('batch norm', () => {
  it('training mode normalises each channel with batch statistics and queues the moving averages', async () => {
    const store = new ParamStore();
    const layer = createBatchNorm(store, 'bn', 2);
    const { x, values } = shiftedInput();
    const stats = new MovingStatUpdates();
    const y = batchNorm(x, layer, { training: true, stats });
    const out = await y.data();
    for (const c of [0, 1]) {
      const s = channelStats(out, c, 2);
      expect(Math.abs(s.mean)).toBeLessThan(1e-5);
      expect(s.variance).toBeCloseTo(1, 3); // var / (var + 1e-5)
    }
    expect(stats.size).toBe(2);
    // Nothing is written until commit.
    expect(Array.from(await layer.movingMean.data())).toEqual([0, 0]);
    stats.commit();
    const n = 36;
    const mm = await layer.movingMean.data();
    const mv = await layer.movingVariance.data();
    for (const c of [0, 1]) {
      const s = channelStats(values, c, 2);
      expect(mm[c]).toBeCloseTo(0.1 * s.mean, 5);
      expect(mv[c]).toBeCloseTo(0.9 + 0.1 * s.variance * (n / (n - 1)), 5);
    }
    tf.dispose([x, y]);
    store.dispose();
  });

  it('applies gamma and beta after normalising', async () => {
    const store = new ParamStore();
    const layer = createBatchNorm(store, 'bn', 2);
    layer.gamma.assign(tf.tensor1d([2, 0.5]));
    layer.beta.assign(tf.tensor1d([1, -3]));
    const { x } = shiftedInput();
    const stats = new MovingStatUpdates();
    const y = batchNorm(x, layer, { training: true, stats });
    const out = await y.data();
    const c0 = channelStats(out, 0, 2);
    const c1 = channelStats(out, 1, 2);
    expect(c0.mean).toBeCloseTo(1, 4);
    expect(c0.variance).toBeCloseTo(4, 2);
    expect(c1.mean).toBeCloseTo(-3, 4);
    expect(c1.variance).toBeCloseTo(0.25, 3);
    stats.discard();
    tf.dispose([x, y]);
    store.dispose();
  });

  it('eval mode uses the moving statistics and changes nothing', async () => {
    const store = new ParamStore();
    const layer = createBatchNorm(store, 'bn', 2);
    layer.movingMean.assign(tf.tensor1d([5, -2]));
    layer.movingVariance.assign(tf.tensor1d([4, 0.25]));
    layer.gamma.assign(tf.tensor1d([1, 3]));
    layer.beta.assign(tf.tensor1d([0, 1]));
    const x = tf.tensor4d([7, -1.5, 5, -2], [2, 1, 1, 2]);
    const stats = new MovingStatUpdates();
    const y = batchNorm(x, layer, { training: false, stats });
    const out = Array.from(await y.data());
    const e = 1e-5;
    const expected = [(7 - 5) / Math.sqrt(4 + e), 3 * (0.5 / Math.sqrt(0.25 + e)) + 1, 0, 1];
    out.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    expect(stats.size).toBe(0);
    tf.dispose([x, y]);
    store.dispose();
  });

  it('model.apply in training mode updates moving statistics; eval mode does not', async () => {
    const model = createSimclrModel(tinyConfig({ encoder: { kind: 'resnet', width: 2, depth: 10 } }), new Rng(0));
    const images = randomImages(new Rng(2), 4, 8, 3);
    const before = await snapshot(model.params);
    tf.dispose(model.apply(images, { training: false }));
    const afterEval = await snapshot(model.params);
    for (const [k, v] of before) expect(afterEval.get(k), k).toEqual(v);
    tf.dispose(model.apply(images, { training: true }));
    const afterTrain = await snapshot(model.params);
    expect(afterTrain.get('encoder/stem/bn/moving_mean')).not.toEqual(before.get('encoder/stem/bn/moving_mean'));
    expect(afterTrain.get('encoder/stem/conv/kernel')).toEqual(before.get('encoder/stem/conv/kernel'));
    images.dispose();
    model.dispose();
  });

  it('training and eval outputs agree once the moving statistics have converged to a fixed batch', async () => {
    const store = new ParamStore();
    const layer = createBatchNorm(store, 'bn', 2, { decay: 0 });
    const { x } = shiftedInput();
    const stats = new MovingStatUpdates();
    const yTrain = batchNorm(x, layer, { training: true, stats });
    stats.commit();
    // With decay 0 the moving variance is the unbiased batch variance: eval differs only by sqrt(n / (n - 1)).
    const yEval = batchNorm(x, layer, { training: false, stats });
    const a = await yTrain.data();
    const b = await yEval.data();
    const ratio = Math.sqrt(35 / 36);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i]! * ratio, 3);
    tf.dispose([x, yTrain, yEval]);
    store.dispose();
  });
});
