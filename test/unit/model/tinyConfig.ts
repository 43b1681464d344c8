/** Tiny configurations for model and training tests (the cpu backend does ~0.5 GFLOP/s). */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, mergeConfig, type ConfigPatch, type TrainConfig } from '../../../src/core/config';
import { Rng } from '../../../src/core/random';

/** bench-cnn width 4, 8 px RGB images, N = 4, 2-layer MLP head 16 -> 8, Adam 1e-3 constant. */
export function tinyConfig(patch: ConfigPatch = {}): TrainConfig {
  const base = mergeConfig(DEFAULT_CONFIG, {
    seed: 1,
    imageSize: 8,
    channels: 3,
    batchSize: 4,
    encoder: { kind: 'bench-cnn', width: 4, depth: 10 },
    head: { kind: 'mlp', layers: 2, hiddenDim: 16, outDim: 8 },
    loss: { temperature: 0.5, normalize: true },
    optimizer: {
      kind: 'adam', learningRate: 1e-3, lrScaling: 'none', momentum: 0.9, weightDecay: 0,
      larsEta: 0.001, warmupSteps: 0, schedule: 'constant', totalSteps: 100,
    },
  });
  return mergeConfig(base, patch);
}

/** [count, size, size, channels] uniform in [0, 1), drawn from `rng`. */
export function randomImages(rng: Rng, count: number, size: number, channels: number): tf.Tensor4D {
  const values = new Float32Array(count * size * size * channels);
  for (let i = 0; i < values.length; i++) values[i] = rng.uniform();
  return tf.tensor4d(values, [count, size, size, channels]);
}

/** Every trainable value and statistic of a model store, copied to the host. */
export async function snapshot(store: { exportWeights(): Promise<Record<string, { values: Float32Array }>> }): Promise<Map<string, Float32Array>> {
  const w = await store.exportWeights();
  return new Map(Object.entries(w).map(([k, v]) => [k, v.values]));
}

/**
 * The run the session and worker tests train: bench-cnn width 4, 12 px images, N = 4, 2-layer MLP head
 * 16 -> 8, temperature 0.5, Adam 1e-3 constant (on DEFAULT_CONFIG, then `patch`).
 */
export function smallRunConfig(patch: ConfigPatch = {}): TrainConfig {
  const base = mergeConfig(DEFAULT_CONFIG, {
    imageSize: 12,
    batchSize: 4,
    encoder: { kind: 'bench-cnn', width: 4 },
    head: { kind: 'mlp', layers: 2, hiddenDim: 16, outDim: 8 },
    loss: { temperature: 0.5 },
    optimizer: { kind: 'adam', learningRate: 1e-3, lrScaling: 'none', warmupSteps: 0, schedule: 'constant' },
  });
  return mergeConfig(base, patch);
}
