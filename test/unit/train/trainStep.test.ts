import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { ConfigPatch, OptimizerKind } from '../../../src/core/config';
import { createSimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { createOptimizer, learningRateAt, trainStep } from '../../../src/core/train';
import { randomImages, snapshot, tinyConfig } from '../model/tinyConfig';
import { expectFlatTensorCount, tinyRun } from './tinyRun';

const ENCODERS: Array<{ name: string; patch: ConfigPatch }> = [
  { name: 'bench-cnn', patch: { encoder: { kind: 'bench-cnn', width: 4 } } },
  { name: 'resnet-10 + 3-layer BN head', patch: { encoder: { kind: 'resnet', width: 2, depth: 10 }, head: { kind: 'mlp', layers: 3 } } },
];
const OPTIMIZERS: OptimizerKind[] = ['adam', 'sgd', 'lars'];

describe('trainStep leaves no tensors behind', () => {
  for (const enc of ENCODERS) {
    for (const kind of OPTIMIZERS) {
      it(`${enc.name} with ${kind}: tf.memory().numTensors is constant after a burn-in step`, async () => {
        const config = tinyConfig({ ...enc.patch, optimizer: { kind, weightDecay: 1e-4, warmupSteps: 2, schedule: 'cosine', totalSteps: 10 } });
        const run = tinyRun(config, 9);
        await trainStep(run.model, run.optimizer, run.views, config, 0);
        await expectFlatTensorCount(run);
        run.dispose();
      });
    }
  }

  it('model, optimiser and step together release everything on dispose', async () => {
    const start = tf.memory().numTensors;
    const config = tinyConfig({ head: { kind: 'none' } });
    const model = createSimclrModel(config, new Rng(0));
    const optimizer = createOptimizer(model.params, config.optimizer);
    const views = randomImages(new Rng(9), 8, 8, 3);
    await trainStep(model, optimizer, views, config, 0, { returnSimilarity: true });
    views.dispose();
    optimizer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('trainStep results', () => {
  it('reports loss, diagnostics, the scheduled learning rate and the similarity matrix; the weights change', async () => {
    const config = tinyConfig({ optimizer: { warmupSteps: 4, learningRate: 0.01 } });
    const model = createSimclrModel(config, new Rng(0));
    const optimizer = createOptimizer(model.params, config.optimizer);
    const views = randomImages(new Rng(9), 8, 8, 3);
    const before = await snapshot(model.params);
    const r = await trainStep(model, optimizer, views, config, 2, { returnSimilarity: true });
    expect(r.applied).toBe(true);
    expect(r.learningRate).toBe(learningRateAt(2, config.optimizer, config.batchSize));
    expect(r.learningRate).toBeCloseTo(0.005, 12);
    expect(r.loss).toBeGreaterThan(0);
    expect(r.loss).toBeLessThan(Math.log(7) + 1);
    expect(r.accuracy).toBeGreaterThanOrEqual(0);
    expect(r.accuracy).toBeLessThanOrEqual(1);
    expect(r.entropy).toBeGreaterThan(0);
    expect(r.entropy).toBeLessThanOrEqual(Math.log(7) + 1e-5);
    expect(r.meanPositive).toBeLessThanOrEqual(1 + 1e-5);
    expect(r.meanNegative).toBeGreaterThanOrEqual(-1 - 1e-5);
    expect(r.gradNorm).toBeGreaterThan(0);
    expect(r.similarity).toBeInstanceOf(Float32Array);
    expect(r.similarity!.length).toBe(64);
    for (let i = 0; i < 8; i++) expect(r.similarity![i * 8 + i]).toBeCloseTo(1, 4);
    const after = await snapshot(model.params);
    expect(after.get('encoder/conv1/kernel')).not.toEqual(before.get('encoder/conv1/kernel'));
    expect(optimizer.iterations).toBe(1);

    const plain = await trainStep(model, optimizer, views, config, 3);
    expect(plain.similarity).toBeUndefined();
    views.dispose();
    optimizer.dispose();
    model.dispose();
  });

  for (const enc of ENCODERS) {
    it(`${enc.name}: a step whose views contain NaN changes no weight, statistic or optimiser slot and reports applied: false`, async () => {
      const config = tinyConfig({ ...enc.patch, optimizer: { kind: 'sgd', learningRate: 0.1 } });
      const model = createSimclrModel(config, new Rng(0));
      const optimizer = createOptimizer(model.params, config.optimizer);
      const good = randomImages(new Rng(9), 8, 8, 3);
      await trainStep(model, optimizer, good, config, 0); // fills the momentum buffers
      const weights = await snapshot(model.params);
      const state = await optimizer.exportState();
      const count = tf.memory().numTensors;

      const bad = tf.tidy(() => {
        const mask = tf.reshape(tf.oneHot(tf.tensor1d([5], 'int32'), 8 * 8 * 8 * 3), [8, 8, 8, 3]);
        return tf.where(tf.cast(mask, 'bool'), tf.fill([8, 8, 8, 3], Number.NaN), good) as tf.Tensor4D;
      });
      const r = await trainStep(model, optimizer, bad, config, 1);
      expect(r.applied).toBe(false);
      // The cpu backend carries the NaN into the loss; wasm's max-pool turns NaN into -Infinity, so there
      // the loss can stay finite while the gradient is not. Either one must stop the update.
      expect(Number.isFinite(r.loss) && Number.isFinite(r.gradNorm)).toBe(false);
      expect(tf.memory().numTensors).toBe(count + 1); // only `bad`
      const after = await snapshot(model.params);
      for (const [name, values] of weights) expect(after.get(name), name).toEqual(values);
      const stateAfter = await optimizer.exportState();
      expect(stateAfter.iterations).toBe(state.iterations);
      for (const [name, slot] of Object.entries(state.slots)) expect(stateAfter.slots[name]!.values, name).toEqual(slot.values);

      // Training goes on normally afterwards.
      const next = await trainStep(model, optimizer, good, config, 2);
      expect(next.applied).toBe(true);
      tf.dispose([good, bad]);
      optimizer.dispose();
      model.dispose();
    });
  }
});
