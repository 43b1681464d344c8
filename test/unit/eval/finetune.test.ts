/**
 * Fine-tuning with few labels (core/eval/finetune): the labelled subset (per
 * class, seeded, from the training split only), that fine-tuning learns, that
 * it starts from the weights it is given, that it repeats under a seed, that
 * it stops when asked, and that nothing leaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { hitRate } from '../../../src/core/eval/hits';
import { generateShapes } from '../../../src/core/data/shapes';
import {
  DEFAULT_FINETUNE, finetuneAccuracy, finetuneSplit, labelledSubset, pretrainForFinetune, pretrainedRecipe,
} from '../../../src/core/eval';
import { Rng } from '../../../src/core/random';
import { tinyConfig } from '../model/tinyConfig';

describe('labelledSubset', () => {
  // 3 classes of 100, 50 and 7 images, interleaved.
  const labels = Int32Array.from({ length: 157 }, (_, i) => (i < 100 ? 0 : i < 150 ? 1 : 2));
  const all = Int32Array.from({ length: 157 }, (_, i) => i);

  it('takes round(fraction x class size) of every class, at least one, only from the candidates', () => {
    const count = (idx: Int32Array, c: number) => [...idx].filter((i) => labels[i] === c).length;
    const one = labelledSubset(labels, all, 0.01, 3);
    expect([count(one, 0), count(one, 1), count(one, 2)]).toEqual([1, 1, 1]);
    const ten = labelledSubset(labels, all, 0.1, 3);
    expect([count(ten, 0), count(ten, 1), count(ten, 2)]).toEqual([10, 5, 1]);
    const candidates = Int32Array.from([...all].filter((i) => i % 2 === 0));
    const half = labelledSubset(labels, candidates, 0.2, 3);
    expect([...half].every((i) => i % 2 === 0)).toBe(true);
    expect([count(half, 0), count(half, 1), count(half, 2)]).toEqual([10, 5, 1]);
    expect(new Set(half).size).toBe(half.length);
    expect([...half]).toEqual([...half].sort((a, b) => a - b));
  });

  it('is seeded: the same seed the same images, another seed others; the 10% subset is not the 1% one padded', () => {
    expect([...labelledSubset(labels, all, 0.1, 5)]).toEqual([...labelledSubset(labels, all, 0.1, 5)]);
    expect([...labelledSubset(labels, all, 0.1, 5)]).not.toEqual([...labelledSubset(labels, all, 0.1, 6)]);
    expect(() => labelledSubset(labels, all, 0, 1)).toThrow(/fraction/);
    expect(() => labelledSubset(labels, all, 1.5, 1)).toThrow(/fraction/);
  });

  it('skips unlabelled images (label -1)', () => {
    const partly = Int32Array.from([0, -1, 0, 1, -1, 1]);
    expect([...labelledSubset(partly, Int32Array.from([0, 1, 2, 3, 4, 5]), 1, 0)]).toEqual([0, 2, 3, 5]);
  });
});

describe('finetuneAccuracy', () => {
  let data: ReturnType<typeof generateShapes>;
  beforeAll(() => { data = generateShapes({ count: 60, size: 8, channels: 3, seed: 4 }); });
  afterAll(() => data.images.dispose());
  const config = tinyConfig({ encoder: { width: 4 }, head: { hiddenDim: 8, outDim: 8 } });

  it('learns: on classes told apart by brightness, held-out accuracy goes from chance to nearly all', async () => {
    // 3 classes of 20 noisy grey-ish 8 px images at brightness 0.15, 0.5, 0.85: crop and flip keep the class.
    const rng = new Rng(9);
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    const values = new Float32Array(60 * 8 * 8 * 3);
    for (let i = 0; i < 60; i++) {
      for (let j = 0; j < 192; j++) values[i * 192 + j] = Math.min(1, Math.max(0, 0.15 + 0.35 * labels[i]! + 0.08 * rng.normal()));
    }
    const easy = { images: tf.tensor4d(values, [60, 8, 8, 3]), labels, classNames: ['dark', 'mid', 'bright'] };
    try {
      const untrained = (await finetuneAccuracy(config, easy, null, 1, { steps: 0 }))!;
      const trained = (await finetuneAccuracy(config, easy, null, 1, { steps: 60, batchSize: 24, learningRate: 1e-2 }))!;
      expect(trained.labelled).toBe(finetuneSplit(easy, DEFAULT_FINETUNE.testFraction, config.seed).train.length);
      expect(trained.tested).toBe(finetuneSplit(easy, DEFAULT_FINETUNE.testFraction, config.seed).test.length);
      expect(trained.tested).toBeGreaterThan(0);
      expect(trained.hits).toHaveLength(trained.tested);
      expect(hitRate(trained.hits)).toBe(trained.accuracy);
      expect(untrained.accuracy).toBeLessThan(0.7);
      expect(trained.accuracy).toBeGreaterThan(0.9);
      expect(trained.trainLoss).toBeLessThan(0.5);
    } finally {
      easy.images.dispose();
    }
  });

  it('repeats under a seed, starts from the given weights, stops when asked and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const opts = { steps: 3, batchSize: 8 };
    const a = (await finetuneAccuracy(config, data, null, 0.5, opts))!;
    const b = (await finetuneAccuracy(config, data, null, 0.5, opts))!;
    expect(b).toEqual(a);
    const pre = (await pretrainForFinetune(config, data, 3))!;
    expect(pre.steps).toBe(3);
    expect(Object.keys(pre.weights).some((k) => k.startsWith('encoder/'))).toBe(true);
    const fromPre = (await finetuneAccuracy(config, data, pre.weights, 0.5, opts))!;
    // Zeroed weights give h = 0 for every image: the classifier sees only its bias, so every prediction is one class.
    const zero = Object.fromEntries(Object.entries(pre.weights).map(([k, v]) => [k, { shape: v.shape, values: new Float32Array(v.values.length) }]));
    const fromZero = (await finetuneAccuracy(config, data, zero, 0.5, { steps: 0 }))!;
    const testCount = finetuneSplit(data, DEFAULT_FINETUNE.testFraction, config.seed).test.length;
    expect(fromZero.accuracy * testCount).toBeCloseTo(Math.round(fromZero.accuracy * testCount), 6);
    expect(fromZero.accuracy).toBeCloseTo(1 / data.classNames.length, 6); // balanced held-out split, one class predicted
    expect(fromPre.labelled).toBe(a.labelled);
    let steps = 0;
    const stopped = await finetuneAccuracy(config, data, pre.weights, 0.5, { steps: 10, batchSize: 8 }, {
      guard: async (section) => { steps++; return section(); },
      stopped: () => steps >= 2,
    });
    expect(stopped).toBeUndefined();
    expect(steps).toBe(2);
    expect(await pretrainForFinetune(config, data, 5, undefined, { stopped: () => true })).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('options: a frozen-encoder phase, standardised or raw features; each changes the result, none leaks', async () => {
    const before = tf.memory().numTensors;
    const opts = { steps: 4, batchSize: 8, learningRate: 1e-2 };
    const runs = await Promise.all([
      finetuneAccuracy(config, data, null, 0.5, opts),
      finetuneAccuracy(config, data, null, 0.5, { ...opts, probeSteps: 4 }),
      finetuneAccuracy(config, data, null, 0.5, { ...opts, normalizeFeatures: false, standardize: true }),
      finetuneAccuracy(config, data, null, 0.5, { ...opts, normalizeFeatures: false }),
    ].map((p) => p.then((r) => r!.trainLoss)));
    for (const loss of runs) expect(Number.isFinite(loss)).toBe(true);
    expect(new Set(runs.map((l) => l.toFixed(6))).size).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a pre-trained start probes first for half the steps at a gentler encoder rate, unless told otherwise', async () => {
    expect(pretrainedRecipe(200)).toEqual({ probeSteps: 100, encoderLearningRate: 3e-4 });
    const before = tf.memory().numTensors;
    const opts = { steps: 4, batchSize: 8 };
    const pre = (await pretrainForFinetune(config, data, 2))!;
    const scratch = (await finetuneAccuracy(config, data, null, 0.5, opts))!;
    const recipe = (await finetuneAccuracy(config, data, pre.weights, 0.5, opts))!;
    const plain = (await finetuneAccuracy(config, data, pre.weights, 0.5, { ...opts, probeSteps: 0, encoderLearningRate: DEFAULT_FINETUNE.encoderLearningRate }))!;
    expect(scratch.probeSteps).toBe(0);
    expect(recipe).toMatchObject({ steps: 4, probeSteps: 2 });
    expect(plain).toMatchObject({ steps: 4, probeSteps: 0 });
    expect(recipe.trainLoss).not.toBeCloseTo(plain.trainLoss, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('never trains on held-out images: the labelled subset lies in the training split', () => {
    const split = finetuneSplit(data, 0.2, config.seed);
    const test = new Set(split.test);
    for (const fraction of [0.01, 0.1, 1]) {
      for (const i of labelledSubset(data.labels, split.train, fraction, config.seed)) expect(test.has(i)).toBe(false);
    }
  });
});

describe('the reproduce side (src/cli/finetuneRows)', () => {
  it('finetuneRows gives the four Table 7 rows with setting and accuracy, and frees the dataset', async () => {
    const { finetuneRows } = await import('../../../src/cli/finetuneRows');
    const before = tf.memory().numTensors;
    const seen: string[] = [];
    const rows = await finetuneRows('shapes', 0, 2, {
      base: tinyConfig({ encoder: { width: 2 }, head: { hiddenDim: 4, outDim: 4 } }), count: 36, finetuneSteps: 2, finetune: { batchSize: 8 },
      onRow: (r) => seen.push(r.setting),
    });
    expect(rows.map((r) => r.setting)).toEqual(['finetune-1pct', 'scratch-1pct', 'finetune-10pct', 'scratch-10pct']);
    expect(seen).toEqual(rows.map((r) => r.setting));
    for (const r of rows) {
      expect(r).toMatchObject({ dataset: 'shapes', seed: 0, finetune_steps: 2, plan: 'finetune' });
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
    }
    expect(rows[0]!.steps).toBe(2);
    expect(rows[1]).toMatchObject({ steps: 0, final_loss: null });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('studyOptions reads --max-batch and --lr-scaling; studyRowFields adds N, the rate and the epochs', async () => {
    const { studyOptions, studyRowFields } = await import('../../../src/cli/finetuneRows');
    const c = tinyConfig({ imageSize: 32, encoder: { kind: 'bench-cnn', width: 32 } });
    expect(studyOptions({}, c, 1000)).toEqual({ maxBatchSize: 256, lrScaling: 'sqrt' });
    expect(studyOptions({ 'max-batch': '64', 'lr-scaling': 'linear' }, c, 1000)).toEqual({ maxBatchSize: 64, lrScaling: 'linear' });
    expect(studyOptions({ 'max-batch': '512' }, c, 100)).toEqual({ maxBatchSize: 64, lrScaling: 'sqrt' });
    expect(() => studyOptions({ 'lr-scaling': 'cubic' }, c, 1000)).toThrow(/--lr-scaling/);
    expect(() => studyOptions({ 'max-batch': '4' }, c, 1000)).toThrow(/--max-batch/);
    const nan = { knn: NaN, probe: NaN };
    const row = { kind: 'batch-size' as const, setting: 'N = 8, 5 steps', dataset: 'shapes', seed: 0, steps: 5, h: nan, z: nan, finalLoss: 1, seconds: 1 };
    expect(studyRowFields({ ...row, batchSize: 8, learningRate: 0.000123456789 })).toEqual({ batch_size: 8, learning_rate: 0.000123457 });
    // 8 images a step for 5 steps from 30 images: 4/3 of an epoch.
    expect(studyRowFields({ ...row, batchSize: 8, learningRate: 1e-3, trainImages: 30 })).toEqual({ batch_size: 8, learning_rate: 0.001, epochs: 1.333 });
    expect(studyRowFields(row)).toEqual({});
  });
});
