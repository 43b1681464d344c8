import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { ConfigPatch } from '../../../src/core/config';
import { createSimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { createOptimizer, trainStep } from '../../../src/core/train';
import { randomImages, tinyConfig } from '../model/tinyConfig';

/**
 * Learning on fixed random pairs: view 1 of image k and view 2 of image k are
 * two unrelated random 12 x 12 x 3 images, so at initialisation the loss sits at
 * the chance line ln(2N - 1) and only training can pull each pair together.
 * Every optimiser must bring NT-Xent (tau 0.2) below half the chance line
 * within 60 steps. Learning rates are tuned to a few times the rate needed.
 */
const N = 8;
const CHANCE = Math.log(2 * N - 1);
const MAX_STEPS = 60;

const CASES: Array<{ name: string; patch: ConfigPatch }> = [
  {
    name: 'Adam on bench-cnn',
    patch: { encoder: { kind: 'bench-cnn', width: 8 }, optimizer: { kind: 'adam', learningRate: 0.003 } },
  },
  {
    name: 'SGD momentum on ResNet-10',
    patch: { encoder: { kind: 'resnet', width: 4, depth: 10 }, optimizer: { kind: 'sgd', learningRate: 0.1, momentum: 0.9, weightDecay: 1e-4 } },
  },
  {
    name: 'LARS on ResNet-10',
    patch: {
      encoder: { kind: 'resnet', width: 4, depth: 10 },
      optimizer: { kind: 'lars', learningRate: 1, momentum: 0.9, larsEta: 0.01, weightDecay: 1e-4 },
    },
  },
];

describe('training learns (loss below half the chance line on fixed random pairs)', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const config = tinyConfig({
        imageSize: 12,
        batchSize: N,
        head: { kind: 'mlp', layers: 2, hiddenDim: 32, outDim: 16 },
        loss: { temperature: 0.2, normalize: true },
        ...c.patch,
        optimizer: { lrScaling: 'none', schedule: 'constant', warmupSteps: 0, ...c.patch.optimizer },
      });
      const rng = new Rng(5);
      const model = createSimclrModel(config, rng);
      const optimizer = createOptimizer(model.params, config.optimizer);
      const views = tf.tidy(() => tf.concat([randomImages(rng, N, 12, 3), randomImages(rng, N, 12, 3)]) as tf.Tensor4D);
      const losses: number[] = [];
      for (let step = 0; step < MAX_STEPS; step++) {
        const r = await trainStep(model, optimizer, views, config, step);
        expect(r.applied).toBe(true);
        losses.push(r.loss);
        if (r.loss < 0.5 * CHANCE) break;
      }
      // Starts at chance (unrelated pairs), ends below half of it.
      expect(losses[0]).toBeGreaterThan(0.9 * CHANCE);
      expect(Math.min(...losses), `losses: ${losses.map((l) => l.toFixed(2)).join(' ')}`).toBeLessThan(0.5 * CHANCE);
      views.dispose();
      optimizer.dispose();
      model.dispose();
    });
  }
});
