/**
 * trainStep with each loss of the config: it reports the loss the config
 * names (computed on the same z), the weights change, and the tensor count
 * stays flat after a burn-in step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { LossConfig } from '../../../src/core/config';
import { contrastiveLoss } from '../../../src/core/loss';
import { trainStep } from '../../../src/core/train';
import { snapshot, tinyConfig } from '../model/tinyConfig';
import { expectFlatTensorCount, tinyRun } from '../train/tinyRun';

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
      const run = tinyRun(config, 5);
      const { model, optimizer, views } = run;
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
      await expectFlatTensorCount(run);
      run.dispose();
    });
  }

  it('the losses differ on the same batch (the config really switches the loss)', async () => {
    const values: number[] = [];
    for (const loss of LOSSES) {
      const run = tinyRun(tinyConfig({ batchSize: 4, loss }), 5);
      values.push((await trainStep(run.model, run.optimizer, run.views, run.config, 0)).loss);
      run.dispose();
    }
    expect(new Set(values.map((v) => v.toFixed(5))).size).toBe(LOSSES.length);
  });
});
