/**
 * A whole training step of the project's real models on wasm (with the
 * project's gradient kernels) against the same step on cpu: same loss, same
 * updated weights within float tolerance, and a flat tensor count on wasm.
 * Runs under either TFJS_BACKEND; it switches backends itself and restores the one it found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, mergeConfig, type TrainConfig } from '../../../src/core/config';
import { setupNodeBackend, type NodeBackendName } from '../../../src/core/backend/node';
import { createSimclrModel, type NamedWeights } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { createOptimizer } from '../../../src/core/train/createOptimizer';
import { trainStep } from '../../../src/core/train/trainStep';

let original: NodeBackendName;
beforeAll(() => { original = tf.getBackend() as NodeBackendName; });
afterAll(() => setupNodeBackend(original));

const base = mergeConfig(DEFAULT_CONFIG, {
  imageSize: 12,
  batchSize: 4,
  head: { kind: 'mlp', layers: 2, hiddenDim: 16, outDim: 8 },
  loss: { temperature: 0.5 },
  // SGD: the update is linear in the gradient, so weight differences measure gradient
  // differences (Adam divides by the gradient's size and amplifies float noise near 0).
  optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.9, lrScaling: 'none', warmupSteps: 0, schedule: 'constant' },
});

async function stepOn(backend: NodeBackendName, config: TrainConfig, steps: number): Promise<{ losses: number[]; weights: NamedWeights; tensorCounts: number[] }> {
  await setupNodeBackend(backend);
  const model = createSimclrModel(config, new Rng(5));
  const optimizer = createOptimizer(model.params, config.optimizer);
  const views = tf.randomUniform([2 * config.batchSize, config.imageSize, config.imageSize, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
  const losses: number[] = [];
  const tensorCounts: number[] = [];
  for (let i = 0; i < steps; i++) {
    losses.push((await trainStep(model, optimizer, views, config, i)).loss);
    tensorCounts.push(tf.memory().numTensors);
  }
  const weights = await model.params.exportWeights();
  views.dispose();
  optimizer.dispose();
  model.dispose();
  return { losses, weights, tensorCounts };
}

describe.each([
  ['bench-cnn', mergeConfig(base, { encoder: { kind: 'bench-cnn', width: 4 } })],
  ['ResNet-10', mergeConfig(base, { encoder: { kind: 'resnet', width: 4, depth: 10 } })],
])('a %s training step on wasm matches cpu', (_name, config) => {
  it('same losses and updated weights; flat tensor count on wasm', async () => {
    const cpu = await stepOn('cpu', config, 3);
    const wasm = await stepOn('wasm', config, 3);
    for (let i = 0; i < 3; i++) expect(Math.abs(wasm.losses[i]! - cpu.losses[i]!)).toBeLessThan(1e-4 * Math.max(1, cpu.losses[i]!));
    let worst = 0;
    for (const name of Object.keys(cpu.weights)) {
      const a = cpu.weights[name]!.values;
      const b = wasm.weights[name]!.values;
      expect(b.length).toBe(a.length);
      for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j]! - b[j]!) / Math.max(1, Math.abs(a[j]!)));
    }
    expect(worst).toBeLessThan(1e-4);
    expect(new Set(wasm.tensorCounts.slice(1)).size).toBe(1);
  });
});
