/**
 * trainStep with each loss of the config: it reports the loss the config
 * names (computed on the same z), the weights change, and the tensor count
 * stays flat after a burn-in step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { LossConfig } from '../../../src/core/config';
import { contrastiveLoss } from '../../../src/core/loss';
import { createSimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { createOptimizer, trainStep } from '../../../src/core/train';
import { randomImages, snapshot, tinyConfig } from '../model/tinyConfig';

const LOSSES: Array<Partial<LossConfig>> = [
  { kind: 'nt-xent' },
  { kind: 'nt-logistic', semiHard: false },
  { kind: 'nt-logistic', semiHard: true, margin: 0.3 },
  { kind: 'margin-triplet', semiHard: false, margin: 0.5 },
  { kind: 'margin-triplet', semiHard: true, margin: 0.3 },
];

describe('trainStep with each loss', () => {
  for (const loss of LOSSES) {
    it(`${loss.kind}${loss.semiHard ? ' (semi-hard)' : ''}: reports the configured loss, updates the weights, leaks nothing`, async () => {
      const config = tinyConfig({ batchSize: 4, loss, optimizer: { learningRate: 0.01 } });
      const model = createSimclrModel(config, new Rng(config.seed));
      const optimizer = createOptimizer(model.params, config.optimizer);
      const views = randomImages(new Rng(5), 2 * config.batchSize, config.imageSize, config.channels);
      // The loss on the z of the same forward pass, before the update.
      const want = tf.tidy(() => {
        const { z } = model.apply(views, { training: true });
        return contrastiveLoss(z, config.loss).dataSync()[0]!;
      });
      const before = await snapshot(model.params);
      const first = await trainStep(model, optimizer, views, config, 0);
      expect(first.applied).toBe(true);
      expect(Math.abs(first.loss - want)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want)));
      const after = await snapshot(model.params);
      expect([...after.entries()].some(([k, v]) => v.some((x, i) => x !== before.get(k)![i]))).toBe(true);
      const counts: number[] = [];
      for (let step = 1; step <= 3; step++) {
        const r = await trainStep(model, optimizer, views, config, step, { returnSimilarity: step === 2 });
        expect(r.applied).toBe(true);
        counts.push(tf.memory().numTensors);
      }
      expect(new Set(counts).size).toBe(1);
      views.dispose();
      optimizer.dispose();
      model.dispose();
    });
  }

  it('the losses differ on the same batch (the config really switches the loss)', async () => {
    const values: number[] = [];
    for (const loss of LOSSES) {
      const config = tinyConfig({ batchSize: 4, loss });
      const model = createSimclrModel(config, new Rng(config.seed));
      const optimizer = createOptimizer(model.params, config.optimizer);
      const views = randomImages(new Rng(5), 8, config.imageSize, config.channels);
      values.push((await trainStep(model, optimizer, views, config, 0)).loss);
      views.dispose();
      optimizer.dispose();
      model.dispose();
    }
    expect(new Set(values.map((v) => v.toFixed(5))).size).toBe(LOSSES.length);
  });
});
