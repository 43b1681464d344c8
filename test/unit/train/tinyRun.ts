/** A tiny model, optimiser and batch of views to train with, and the flat-tensor-count check the trainStep tests share. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { TrainConfig } from '../../../src/core/config';
import { createSimclrModel, type SimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { createOptimizer, trainStep, type Optimizer } from '../../../src/core/train';
import { randomImages } from '../model/tinyConfig';

export interface TinyRun {
  config: TrainConfig;
  model: SimclrModel;
  optimizer: Optimizer;
  /** 2N random images, drawn from `new Rng(viewSeed)`. */
  views: tf.Tensor4D;
  /** Frees the views, the optimiser and the model. */
  dispose(): void;
}

/** The model seeded by `config.seed`, its optimiser, and 2N views of random pixels. */
export function tinyRun(config: TrainConfig, viewSeed: number): TinyRun {
  const model = createSimclrModel(config, new Rng(config.seed));
  const optimizer = createOptimizer(model.params, config.optimizer);
  const views = randomImages(new Rng(viewSeed), 2 * config.batchSize, config.imageSize, config.channels);
  return {
    config, model, optimizer, views,
    dispose() {
      views.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** Steps 1 to 3 (the similarity matrix on step 2), after a burn-in step 0 taken by the caller: each applied, and tf.memory().numTensors the same after every one. */
export async function expectFlatTensorCount({ config, model, optimizer, views }: TinyRun): Promise<void> {
  const counts: number[] = [];
  for (let step = 1; step <= 3; step++) {
    const r = await trainStep(model, optimizer, views, config, step, { returnSimilarity: step === 2 });
    expect(r.applied).toBe(true);
    counts.push(tf.memory().numTensors);
  }
  expect(new Set(counts).size).toBe(1);
}
