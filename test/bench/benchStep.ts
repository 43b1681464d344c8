/**
 * The reference benchmark step (shared/bench/README.md, "bench-cnn"): 2N random
 * views in [0, 1), the bench-cnn encoder with its 128-128-64 MLP head, NT-Xent
 * (tau 0.5, l2-normalised, masked diagonal), backward, Adam lr 1e-3. Runs on
 * whatever tfjs backend is active; used by the Node and the browser benchmarks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, mergeConfig, type TrainConfig } from '../../src/core/config';
import { createSimclrModel } from '../../src/core/model';
import { Rng } from '../../src/core/random';
import { createOptimizer } from '../../src/core/train/createOptimizer';
import { trainStep } from '../../src/core/train/trainStep';

export interface BenchResult {
  backend: string;
  model: 'bench-cnn';
  batch: number;
  size: number;
  steps: number;
  ms_per_step_median: number;
  ms_per_step_min: number;
  first_step_ms: number;
  gflops: number;
  gflop_per_step: number;
  tensors_before: number;
  tensors_after: number;
  final_loss: number;
}

export function benchConfig(batch: number, size: number): TrainConfig {
  return mergeConfig(DEFAULT_CONFIG, {
    imageSize: size,
    channels: 3,
    batchSize: batch,
    encoder: { kind: 'bench-cnn', width: 32 },
    head: { kind: 'mlp', layers: 2, hiddenDim: 128, outDim: 64 },
    loss: { temperature: 0.5, normalize: true },
    optimizer: { kind: 'adam', learningRate: 1e-3, lrScaling: 'none', weightDecay: 0, warmupSteps: 0, schedule: 'constant' },
  });
}

/** Multiply-adds x 2 of one forward pass of bench-cnn on one image of side `size`, times 3 for forward + backward. */
export function benchGflopPerStep(batch: number, size: number): number {
  const conv = (side: number, cin: number, cout: number) => 2 * side * side * cin * cout * 9;
  const perImage = conv(size, 3, 32) + conv(size / 2, 32, 64) + conv(size / 4, 64, 128) + 2 * 128 * 128 + 2 * 128 * 64;
  return (3 * perImage * 2 * batch) / 1e9;
}

/** Runs `warmup + steps` steps of the bench step on the active backend; times the last `steps`. */
export async function runBenchStep(batch: number, size: number, steps: number, warmup = 2): Promise<BenchResult> {
  const config = benchConfig(batch, size);
  const model = createSimclrModel(config, new Rng(0));
  const optimizer = createOptimizer(model.params, config.optimizer);
  const views = tf.randomUniform([2 * batch, size, size, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const times: number[] = [];
  let first = 0;
  let tensorsBefore = 0;
  let loss = Number.NaN;
  for (let i = 0; i < warmup + steps; i++) {
    if (i === warmup) tensorsBefore = tf.memory().numTensors;
    const t0 = performance.now();
    const r = await trainStep(model, optimizer, views, config, i);
    const ms = performance.now() - t0;
    loss = r.loss;
    if (i === 0) first = ms;
    if (i >= warmup) times.push(ms);
  }
  const tensorsAfter = tf.memory().numTensors;
  views.dispose();
  optimizer.dispose();
  model.dispose();
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const gflop = benchGflopPerStep(batch, size);
  return {
    backend: tf.getBackend(),
    model: 'bench-cnn',
    batch, size, steps,
    ms_per_step_median: round(median),
    ms_per_step_min: round(sorted[0]!),
    first_step_ms: round(first),
    gflops: round(gflop / (median / 1000)),
    gflop_per_step: round(gflop),
    tensors_before: tensorsBefore,
    tensors_after: tensorsAfter,
    final_loss: round(loss, 5),
  };
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
